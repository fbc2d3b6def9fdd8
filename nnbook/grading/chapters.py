"""Where the exercises live: every chapter with exercises, and the paths of its modules."""
from __future__ import annotations

from pathlib import Path

from nnbook.grading import backprop, mlp
from nnbook.grading.checks import Chapter, Exercise
from nnbook.grading.worker import ROOT
CHAPTERS: dict[str, Chapter] = {c.name: c for c in [backprop.CHAPTER, mlp.CHAPTER]}
FIXTURES = ROOT / "tests" / "grading" / "fixtures"


def module_path(chapter: str, target: str | Path = "exercises") -> Path:
    """The file graded for ``chapter``: ``exercises/<chapter>.py``, ``solutions/<chapter>.py``, or a
    directory of one's own holding ``<chapter>.py``."""
    base = ROOT / target if target in ("exercises", "solutions") else Path(target)
    return base / f"{chapter}.py" if base.is_dir() or target in ("exercises", "solutions") else base


def find_exercise(exercise_id: str) -> tuple[Chapter, Exercise]:
    for chapter in CHAPTERS.values():
        for ex in chapter.exercises:
            if ex.id == exercise_id:
                return chapter, ex
    known = [ex.id for c in CHAPTERS.values() for ex in c.exercises]
    raise ValueError(f"no exercise {exercise_id!r}; the exercises are {', '.join(known)}")
