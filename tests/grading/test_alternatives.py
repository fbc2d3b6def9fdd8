"""Correct implementations in another style than the reference (loops, einsum, float64 inside,
another equivalent formula) get full points: the checks ask for the behaviour the docstrings
promise, not for the reference's way of computing it."""
from pathlib import Path

import pytest
from assemble import assembled, exercise_of

from nnbook.grading.discover import chapters
from nnbook.grading.grade import grade

HERE = Path(__file__).parent
ALTERNATIVES = sorted((HERE / "alternatives").glob("*/*.py"))
EXERCISE_IDS = [ex.id for chapter in chapters().values() for ex in chapter.exercises]


@pytest.mark.parametrize("exercise", EXERCISE_IDS)
def test_every_exercise_has_an_alternative(exercise):
    assert any(exercise_of(a) == exercise for a in ALTERNATIVES), f"no alternative solution of {exercise}"


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alternative_gets_full_points(alternative, tmp_path):
    chapter, exercise = alternative.parent.name, exercise_of(alternative)
    results = grade(assembled(alternative, tmp_path), chapter=chapter, exercise=exercise)
    assert results
    failed = [f"{r.name}: {r.message}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)
