"""The grading checks, one pytest test per check (collected only when named explicitly).

    make grade                                  # all of exercises/
    make grade CHAPTER=backprop EXERCISE=1.2    # one chapter, one exercise
    pytest tests/grading/grade_exercises.py -m ex1_2 [--grade-target solutions]

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
