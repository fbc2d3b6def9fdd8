"""No student output, of any type, shape or size, makes a check report that the grader failed:
every check of every chapter (gates bypassed, so that every check sees the outputs) judges modules
whose exercises return wrong shapes, scalars for arrays, integers beyond the float range, NaNs,
integer arrays, empty arrays, text and nested structures (tests/grading/degenerate.py)."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from degenerate import FUZZ, degenerate_module

from nnbook.grading.discover import chapters
from nnbook.grading.grade import GRADER_BUG, Grader


def judge_all(chapter: str, mode: str, folder) -> list[str]:
    ch, problems = chapters()[chapter], []
    grader = Grader(degenerate_module(chapter, mode, folder), timeout=10)
    try:
        for ex in ch.exercises:
            for check in ex.checks:
                passed, message = grader._judge(ch, ex, check)            # gates bypassed
                if GRADER_BUG in message or (not passed and not message):
                    problems.append(f"{mode}: {ex.id} {check.name!r}: {message}")
    finally:
        grader.close()
    return problems


@pytest.mark.parametrize("chapter", sorted(chapters()))
def test_no_output_makes_the_grader_fail(chapter, tmp_path):
    with ThreadPoolExecutor(2) as pool:                 # the work is in the workers' processes
        found = pool.map(judge_all, [chapter] * len(FUZZ), FUZZ, [tmp_path] * len(FUZZ))
    problems = [p for ps in found for p in ps]
    assert not problems, f"{len(problems)} checks failed to judge:\n" + "\n".join(problems)
