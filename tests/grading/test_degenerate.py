"""Points only for computation: modules that raise a ValueError everywhere, return their input or
return zeros of the right shape (tests/grading/degenerate.py) earn nothing on any exercise, on the
public inputs and on hidden ones, because every exercise's other checks wait for its gates."""
import pytest
from degenerate import MODES, degenerate_module

from nnbook.grading.discover import chapters
from nnbook.grading.grade import GRADER_BUG, grade

SEED = 4242


def test_every_exercise_has_a_gate():
    for chapter in chapters().values():
        for ex in chapter.exercises:
            assert any(c.gate for c in ex.checks), f"exercise {ex.id} has no check marked gate=True"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("chapter", sorted(chapters()))
def test_a_module_that_computes_nothing_earns_nothing(chapter, mode, tmp_path):
    from assemble import ROOT
    path = degenerate_module(chapter, mode, tmp_path)
    public = grade(path, chapter=chapter)
    hidden = grade(path, chapter=chapter, hidden_seed=SEED, solutions=ROOT / "solutions",
                   hide=[ROOT / "solutions"])
    for results, where in ((public, "public inputs"), (hidden, "hidden inputs")):
        earned = {r.name: r.score for r in results if r.score}
        print(f"{chapter}, {mode}, {where}: {sum(earned.values()):g} points")
        assert results and not earned, f"{mode} earns points on {where}: {earned}"
        for r in results:
            assert r.message and GRADER_BUG not in r.message, f"{r.name}: {r.message}"
        gated = [r for r in results if not r.check.gate]
        assert all(r.message.startswith("not graded until") for r in gated), \
            [r.message for r in gated if not r.message.startswith("not graded until")][:2]
