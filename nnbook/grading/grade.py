"""Grade a module: run every check of the selected exercises and collect the results.

Used by the pytest plugin (one pytest test per check), the autograder and the grader's self-tests.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from nnbook.grading import fixtures
from nnbook.grading.discover import chapters
from nnbook.grading.framework import PUBLIC_SEED, Chapter, Check, CheckFailed, Context, Exercise
from nnbook.grading.worker import Worker

GRADER_BUG = "the grader itself failed"
_HIDDEN: dict[tuple, dict] = {}       # (chapter, solutions, seed) -> values the solutions gave


def module_path(chapter: str, target: str | Path = "exercises") -> Path:
    """The file graded for ``chapter``: ``<target>/<chapter>.py`` when ``target`` is a directory
    (``exercises`` and ``solutions`` are relative to the current directory), else ``target``."""
    base = Path(target)
    return base / f"{chapter}.py" if base.is_dir() or not base.suffix else base


@dataclass
class Result:
    chapter: str
    exercise: Exercise
    check: Check
    passed: bool
    message: str
    seconds: float
    hidden: bool = False

    @property
    def max_score(self) -> float:
        return self.exercise.points / len(self.exercise.checks)

    @property
    def score(self) -> float:
        return self.max_score if self.passed else 0.0

    @property
    def name(self) -> str:
        return f"{self.exercise.id} {self.exercise.title}: {self.check.name}" + (
            " [hidden inputs]" if self.hidden else "")


class Grader:
    """Keeps one worker and the expected values per chapter for a whole grading run.

    ``hidden_seed``: the autograder's mode. Inputs come from this seed instead of the public one,
    and the expected values from the reference solutions in ``solutions`` (a directory), run now
    in a worker of their own, instead of the shipped fixtures. ``hide``: paths the student's code
    must not see."""

    def __init__(self, target: str | Path = "exercises", *, timeout: float = 10.0,
                 hidden_seed: int | None = None, solutions: str | Path | None = None, hide=(),
                 isolation: str | None = None):
        self.target, self.timeout = target, timeout
        self.hidden_seed, self.solutions = hidden_seed, solutions
        self.hide, self.isolation = list(hide), isolation
        self._workers: dict[str, Worker] = {}
        self._fixtures: dict[str, dict] = {}
        self._hung: dict[str, str] = {}               # exercise id -> why its checks are skipped
        self.results: list[Result] = []

    def _prepare(self, chapter: Chapter) -> None:
        # The expected values are read (and verified) or computed before any student code runs.
        if self.hidden_seed is None:
            self._fixtures[chapter.name] = fixtures.load(chapter.name)
        else:
            key = (chapter.name, str(Path(self.solutions).resolve()), self.hidden_seed)
            if key not in _HIDDEN:
                _HIDDEN[key] = fixtures.record(chapter, self.solutions, seed=self.hidden_seed,
                                               timeout=max(30.0, self.timeout))
            self._fixtures[chapter.name] = _HIDDEN[key]
        self._workers[chapter.name] = Worker(module_path(chapter.name, self.target), timeout=self.timeout,
                                             hide=self.hide, isolation=self.isolation)

    def run(self, chapter: Chapter, exercise: Exercise, check: Check) -> Result:
        start = time.perf_counter()
        if exercise.id in self._hung:
            result = Result(chapter.name, exercise, check, False, self._hung[exercise.id], 0.0,
                            self.hidden_seed is not None)
            self.results.append(result)
            return result
        try:
            if chapter.name not in self._workers:
                self._prepare(chapter)
            worker = self._workers[chapter.name]
            before = worker.timeouts
            ctx = Context(worker, self._fixtures[chapter.name], exercise,
                          seed=PUBLIC_SEED if self.hidden_seed is None else self.hidden_seed)
            try:
                check.run(ctx)
                passed, message = True, ""
            except CheckFailed as failure:
                passed, message = False, str(failure)
            if worker.timeouts > before:
                # One hang costs one timeout per exercise: the other checks of it are not run.
                self._hung[exercise.id] = (f"not run: a call of exercise {exercise.id} did not finish "
                                           f"within {self.timeout:g} s in an earlier check; fix that first")
        except fixtures.FixturesCorrupt as exc:
            passed, message = False, str(exc)
        except Exception as exc:                      # noqa: BLE001 - a grader bug, shown plainly
            passed, message = False, f"{GRADER_BUG} ({type(exc).__name__}: {exc}); please report this"
        result = Result(chapter.name, exercise, check, passed, message, time.perf_counter() - start,
                        self.hidden_seed is not None)
        self.results.append(result)
        return result

    def skip_hung(self, other: Grader) -> None:
        """Skip the exercises that hung in ``other``'s run (one timeout per exercise, not two)."""
        self._hung.update(other._hung)

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()


def selected(chapter: str | None = None, exercise: str | None = None):
    """(chapter, exercise, check) triples, optionally only one chapter or one exercise."""
    for c in chapters().values():
        if chapter and c.name != chapter:
            continue
        for ex in c.exercises:
            if exercise and ex.id != exercise:
                continue
            for check in ex.checks:
                yield c, ex, check


def grade(target: str | Path = "exercises", *, chapter: str | None = None,
          exercise: str | None = None, timeout: float = 10.0, **options) -> list[Result]:
    """Grade ``target`` ("exercises", "solutions" or a directory/file) without pytest."""
    grader = Grader(target, timeout=timeout, **options)
    try:
        for c, ex, check in selected(chapter, exercise):
            grader.run(c, ex, check)
    finally:
        grader.close()
    return grader.results
