"""``nnbook.grading.check`` grades an exercise defined in a notebook with the same checks and the
same messages as ``make grade``: run in a real kernel, compared with grading the same code as a file."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nnbook.grading import check
from nnbook.grading.grade import grade
from tests.checkout import solution_class_source

ROOT = Path(__file__).resolve().parents[2]
MUTANT = ROOT / "tests/grading/mutants/backprop/huber_wrong_sign.py"


def messages(results) -> list[tuple[str, bool, str]]:
    return [(r.check.name, r.passed, r.message) for r in results]


def run_in_kernel(cells: list[str]) -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def test_check_in_a_kernel_matches_make_grade():
    expected_mutant = messages(grade(MUTANT, chapter="backprop", exercise="1.4"))
    assert not all(passed for _, passed, _ in expected_mutant)          # the mutant is caught
    nb = run_in_kernel([
        "import numpy as np\nfrom nnbook.losses import Loss",
        solution_class_source("HuberLoss"),
        "from nnbook.grading import check\nsolution = check('1.4', HuberLoss)\nsolution",
        # a subclass of the notebook's own HuberLoss, graded under the exercise's name
        "class Doubled(HuberLoss):\n    def __init__(self, delta=1.0):\n        super().__init__(2 * delta)\n\n"
        "import json\nprint(json.dumps([(r.passed, r.message) for r in check('1.4', HuberLoss=Doubled).results]))",
        MUTANT.read_text().replace('"""', "#", 2),                          # the mutant, pasted in
        "mutant = check('1.4', HuberLoss)\n"
        "print(json.dumps([(r.check.name, r.passed, r.message) for r in mutant.results]))",
    ])
    shown = nb.cells[2].outputs[0]["data"]["text/plain"]
    assert "FAIL" not in shown and "1.4" in shown and "total" in shown, shown
    # It says that it is feedback, judged in the notebook's own kernel, and what counts instead.
    assert shown.startswith("Feedback, not your grade") and "own kernel" in shown, shown
    assert "The grade that counts is the autograder's" in shown
    import json
    doubled = json.loads(nb.cells[3].outputs[0]["text"])
    assert not all(passed for passed, _ in doubled)                    # delta doubled: caught
    assert not any("could not import" in m or "NameError" in m for _, m in doubled), doubled
    got = json.loads(nb.cells[5].outputs[0]["text"])
    assert [tuple(m) for m in got] == expected_mutant


def test_check_names_what_is_missing():
    with pytest.raises(ValueError, match="exercise must be one of .*1.4"):
        check("9.99")
    with pytest.raises(ValueError, match="needs HuberLoss"):
        check("1.4")
    with pytest.raises(TypeError, match="functions and classes"):
        check("1.4", HuberLoss=3)
