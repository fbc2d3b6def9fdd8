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
    in this process (trusted code, :class:`~nnbook.grading.worker.LocalWorker`), instead of the
    shipped fixtures (each check on a draw the reference
    passes: :func:`nnbook.grading.fixtures.record_hidden`). ``hide``: paths the student's code must
    not see.

    Points only for computation: an exercise's checks marked ``gate=True`` (its values against the
    reference) run first, and its other checks (validation, shapes, numerical gradients) are
    graded only once every gate passes.

    Time: each call into the student's code may take ``timeout`` seconds; each exercise's checks
    together ``exercise_budget`` seconds; with ``budget`` (seconds for the whole run) and
    ``planned`` (the ids of the exercises the run will grade), each exercise gets at most its fair
    share of what is left, so that a submission whose every call hangs is graded within
    ``budget``. An exercise that runs out of time fails its remaining checks, saying so."""

    def __init__(self, target: str | Path = "exercises", *, timeout: float = 10.0,
                 hidden_seed: int | None = None, solutions: str | Path | None = None, hide=(),
                 isolation: str | None = None, exercise_budget: float = 60.0,
                 budget: float | None = None, planned=()):
        self.target, self.timeout = target, timeout
        self.hidden_seed, self.solutions = hidden_seed, solutions
        self.hide, self.isolation = list(hide), isolation
        self.exercise_budget, self.budget = exercise_budget, budget
        self._planned = list(dict.fromkeys(planned))
        self._workers: dict[str, Worker] = {}
        self._fixtures: dict[str, dict] = {}
        self._draws: dict[str, dict] = {}             # chapter -> (exercise id, check) -> HiddenDraw
        self._hung: dict[str, str] = {}               # exercise id -> why its checks are skipped
        self._gates: dict[tuple[str, str], tuple[bool, str, float]] = {}
        self._spent: dict[str, float] = {}            # exercise id -> seconds its checks took
        self._allowed: dict[str, float] = {}          # exercise id -> its time budget
        self.results: list[Result] = []

    def _prepare(self, chapter: Chapter) -> None:
        # The expected values are read (and verified) or computed before any student code runs.
        if self.hidden_seed is None:
            self._fixtures[chapter.name] = fixtures.load(chapter.name)
        else:
            key = (chapter.name, str(Path(self.solutions).resolve()), self.hidden_seed)
            if key not in _HIDDEN:
                # The reference is the instructor's trusted code: it runs here, in-process.
                _HIDDEN[key] = fixtures.record_hidden(chapter, self.solutions, self.hidden_seed, local=True)
            self._draws[chapter.name] = _HIDDEN[key]
        self._workers[chapter.name] = Worker(module_path(chapter.name, self.target), timeout=self.timeout,
                                             hide=self.hide, isolation=self.isolation)

    def _allowance(self, exercise: Exercise) -> float:
        """The seconds ``exercise``'s checks may take together (fixed when it is first graded)."""
        if exercise.id not in self._allowed:
            allowed = self.exercise_budget
            if self.budget is not None:
                left = self.budget - self.spent
                waiting = [e for e in self._planned if e not in self._spent and e != exercise.id]
                allowed = min(allowed, max(0.0, left) / (len(waiting) + 1))
            self._allowed[exercise.id] = allowed
            self._spent.setdefault(exercise.id, 0.0)
        return self._allowed[exercise.id]

    def _judge(self, chapter: Chapter, exercise: Exercise, check: Check) -> tuple[bool, str]:
        """Run one check in the student's worker (no gates, no bookkeeping of results)."""
        if exercise.id in self._hung:
            return False, self._hung[exercise.id]
        start = time.monotonic()
        try:
            if chapter.name not in self._workers:
                self._prepare(chapter)
            start = time.monotonic()
            allowed = self._allowance(exercise)
            left = allowed - self._spent[exercise.id]
            if left <= 0:
                self._hung[exercise.id] = self._out_of_time(exercise, allowed)
                return False, self._hung[exercise.id]
            worker = self._workers[chapter.name]
            before = worker.timeouts
            if self.hidden_seed is None:
                ctx = Context(worker, self._fixtures[chapter.name], exercise, seed=PUBLIC_SEED,
                              check=exercise.checks.index(check))
            else:
                draw = self._draws[chapter.name][exercise.id, check.name]
                if draw.problem:
                    return False, (f"{GRADER_BUG}: the reference solution fails this check on "
                                   f"{draw.attempts} hidden draws ({draw.problem}); please report this")
                ctx = Context(worker, draw.values, exercise, seed=draw.seed,
                              check=exercise.checks.index(check))
            worker.deadline = time.monotonic() + left
            try:
                check.run(ctx)
                passed, message = True, ""
            except CheckFailed as failure:
                passed, message = False, str(failure)
            finally:
                worker.deadline = None
            if worker.timeouts > before:
                if worker.out_of_budget:
                    self._hung[exercise.id] = self._out_of_time(exercise, allowed)
                    message = self._hung[exercise.id]
                else:
                    # One hang costs one timeout per exercise: the other checks of it are not run.
                    self._hung[exercise.id] = (
                        f"not run: a call of exercise {exercise.id} did not finish within "
                        f"{self.timeout:g} s in an earlier check; fix that first")
            return passed, message
        except fixtures.FixturesCorrupt as exc:
            return False, str(exc)
        except Exception as exc:                      # noqa: BLE001 - a grader bug, shown plainly
            return False, f"{GRADER_BUG} ({type(exc).__name__}: {exc}); please report this"
        finally:
            if exercise.id in self._spent:
                self._spent[exercise.id] += time.monotonic() - start

    @staticmethod
    def _out_of_time(exercise: Exercise, allowed: float) -> str:
        return (f"the calls of exercise {exercise.id} together took more than its time budget of "
                f"{allowed:.3g} s (a Python loop over samples, or a call that sleeps?); its remaining "
                "checks are not run")

    def _gate(self, chapter: Chapter, exercise: Exercise, check: Check) -> tuple[bool, str, float]:
        key = (exercise.id, check.name)
        if key not in self._gates:
            start = time.perf_counter()
            passed, message = self._judge(chapter, exercise, check)
            self._gates[key] = (passed, message, time.perf_counter() - start)
        return self._gates[key]

    def run(self, chapter: Chapter, exercise: Exercise, check: Check) -> Result:
        start = time.perf_counter()
        if check.gate:
            passed, message, seconds = self._gate(chapter, exercise, check)
        else:
            seconds = None
            closed = [g for g in exercise.checks if g.gate and not self._gate(chapter, exercise, g)[0]]
            if closed:
                gate = closed[0]
                passed, message = False, (f"not graded until the check of the computation itself "
                                          f"passes: '{gate.name}' ({self._gates[exercise.id, gate.name][1]})")
            else:
                passed, message = self._judge(chapter, exercise, check)
        result = Result(chapter.name, exercise, check, passed, message,
                        time.perf_counter() - start if seconds is None else seconds,
                        self.hidden_seed is not None)
        self.results.append(result)
        return result

    @property
    def spent(self) -> float:
        """Seconds the graded code's checks have taken so far."""
        return sum(self._spent.values())

    def skip_hung(self, other: Grader) -> None:
        """Skip the exercises that hung or ran out of time in ``other``'s run (one timeout per
        exercise, not two)."""
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
    checks = list(selected(chapter, exercise))
    options.setdefault("planned", [ex.id for _, ex, _ in checks])
    grader = Grader(target, timeout=timeout, **options)
    try:
        for c, ex, check in checks:
            grader.run(c, ex, check)
    finally:
        grader.close()
    return grader.results
