"""The grading checks as pytest tests, one per check; collected by ``nnbook grade``
(``python -m pytest <this file> -p nnbook.grading.plugin --grade-target exercises``).

Your code runs in a separate process (nnbook.grading.worker); these tests only judge what comes back.
"""
import pytest

from nnbook.grading.grade import selected

CHECKS = [pytest.param(chapter, exercise, check, id=f"{exercise.id} {check.name}",
                       marks=[getattr(pytest.mark, chapter.name), getattr(pytest.mark, exercise.marker)])
          for chapter, exercise, check in selected()]


@pytest.mark.parametrize("chapter, exercise, check", CHECKS)
def test_exercise(chapter, exercise, check, grader):
    result = grader.run(chapter, exercise, check)
    if not result.passed:
        pytest.fail(result.message, pytrace=False)
