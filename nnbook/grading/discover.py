"""Find the chapters with exercises: every package ``nnbook.grading.chapters.<name>`` whose
``checks`` module defines ``CHAPTER``. Nothing is registered by hand; adding a chapter's folder
is enough."""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import lru_cache

from nnbook.grading.framework import Chapter, Exercise

PACKAGE = "nnbook.grading.chapters"


@lru_cache(maxsize=None)
def chapters() -> dict[str, Chapter]:
    """{name: Chapter} in book order (by the number of their first exercise)."""
    package = importlib.import_module(PACKAGE)
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg or importlib.util.find_spec(f"{PACKAGE}.{info.name}.checks") is None:
            continue                                    # a folder without checks is no chapter (yet)
        module = importlib.import_module(f"{PACKAGE}.{info.name}.checks")
        chapter = getattr(module, "CHAPTER", None)
        if not isinstance(chapter, Chapter):
            raise TypeError(f"{module.__name__} must define CHAPTER = Chapter(...)")
        if chapter.name != info.name:
            raise ValueError(f"{module.__name__}: CHAPTER.name is {chapter.name!r}; it must be the "
                             f"folder's name {info.name!r}")
        found.append(chapter)
    found.sort(key=lambda c: tuple(int(p) for p in c.exercises[0].id.split(".")) if c.exercises else (999,))
    ids = [ex.id for c in found for ex in c.exercises]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"exercise ids used twice: {', '.join(duplicates)}")
    return {c.name: c for c in found}


def find_exercise(exercise_id: str) -> tuple[Chapter, Exercise]:
    for chapter in chapters().values():
        for ex in chapter.exercises:
            if ex.id == exercise_id:
                return chapter, ex
    known = [ex.id for c in chapters().values() for ex in c.exercises]
    raise ValueError(f"no exercise {exercise_id!r}; the exercises are {', '.join(known)}")


def exercise_of(chapter: str, name: str) -> Exercise | None:
    """The exercise that asks for the function or class ``name`` of ``chapter``'s module."""
    for ex in chapters()[chapter].exercises:
        if name in ex.names:
            return ex
    return None
