"""Grade a module: run every check of the selected exercises and collect the results.

Used by the pytest plugin (one pytest test per check) and by the grader's self-tests.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from nnbook.grading import fixtures
from nnbook.grading.discover import chapters
from nnbook.grading.framework import Chapter, Check, CheckFailed, Context, Exercise
from nnbook.grading.worker import Worker


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

    @property
    def max_score(self) -> float:
        return self.exercise.points / len(self.exercise.checks)

    @property
    def score(self) -> float:
        return self.max_score if self.passed else 0.0

    @property
    def name(self) -> str:
        return f"{self.exercise.id} {self.exercise.title}: {self.check.name}"


class Grader:
    """Keeps one worker and the fixtures per chapter for a whole grading run."""

    def __init__(self, target: str | Path = "exercises", *, timeout: float = 10.0):
        self.target, self.timeout = target, timeout
        self._workers: dict[str, Worker] = {}
        self._fixtures: dict[str, dict] = {}
        self.results: list[Result] = []

    def run(self, chapter: Chapter, exercise: Exercise, check: Check) -> Result:
        if chapter.name not in self._workers:
            # The fixtures are read and verified before any of the student's code runs.
            self._fixtures[chapter.name] = fixtures.load(chapter.name)
            self._workers[chapter.name] = Worker(module_path(chapter.name, self.target),
                                                 timeout=self.timeout)
        ctx = Context(self._workers[chapter.name], self._fixtures[chapter.name], exercise)
        start = time.perf_counter()
        try:
            check.run(ctx)
            passed, message = True, ""
        except CheckFailed as failure:
            passed, message = False, str(failure)
        except Exception as exc:                      # noqa: BLE001 - a grader bug, shown plainly
            passed, message = False, f"the grader itself failed ({type(exc).__name__}: {exc}); please report this"
        result = Result(chapter.name, exercise, check, passed, message, time.perf_counter() - start)
        self.results.append(result)
        return result

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
          exercise: str | None = None, timeout: float = 10.0) -> list[Result]:
    """Grade ``target`` ("exercises", "solutions" or a directory/file) without pytest."""
    grader = Grader(target, timeout=timeout)
    try:
        for c, ex, check in selected(chapter, exercise):
            grader.run(c, ex, check)
    finally:
        grader.close()
    return grader.results
