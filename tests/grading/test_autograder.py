"""The instructor's side: the Gradescope autograder built and run end to end on simulated
submissions, and the attack collection (tests/grading/attacks/) earning nothing, locally or on
hidden inputs."""
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from degenerate import HOSTILE, degenerate_module

from nnbook.grading import fixtures
from nnbook.grading.autograder import build
from nnbook.grading.discover import chapters
from nnbook.grading.grade import GRADER_BUG, Grader, grade, selected

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
ATTACKS = sorted((HERE / "attacks").glob("*/*.py"))
CHAPTERS = chapters()
MAXIMUM = sum(ex.points for c in CHAPTERS.values() for ex in c.exercises)
SEED = 77
HIDDEN_EXERCISES = {"backprop": ("1.1", "1.6")}


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    return build(tmp_path_factory.mktemp("zip") / "autograder.zip", ROOT)


def test_the_zip_has_gradescopes_layout(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as z:
        names = set(z.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
    assert {"setup.sh", "run_autograder"} <= names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert {f"solutions/{c}.py" for c in CHAPTERS} <= names
    assert {f"package/nnbook/grading/chapters/{c}/checks.py" for c in CHAPTERS} <= names
    assert "package/pyproject.toml" in names and "package/nnbook/grading/autograder.py" in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def gradescope_run(zip_path: Path, root: Path, files: dict[str, Path], env: dict | None = None) -> dict:
    """Unpack the zip as Gradescope does (source/, run_autograder beside it), upload ``files``
    into submission/ and run run_autograder; setup.sh needs the network, so the Python running
    this test stands in for the one it installs."""
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    (root / "submission" / "exercises").mkdir(parents=True)
    for name, path in files.items():
        shutil.copy(path, root / "submission" / "exercises" / name)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "NNBOOK_AUTOGRADER_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source" / "package"), "NNBOOK_ATTACK_MARKER": str(root / "pwned"),
           "NNBOOK_HIDDEN_SEED": str(SEED),         # reproducible here; drawn afresh on Gradescope
           **(env or {})}
    start = time.monotonic()
    run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    print(f"{root.name}: graded in {time.monotonic() - start:.1f} s: {run.stdout.strip()}")
    data = json.loads((root / "results" / "results.json").read_text())
    assert not (root / "pwned").exists()
    assert {"score", "execution_time", "stdout_visibility", "tests"} <= set(data)
    for t in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(t)
        assert GRADER_BUG not in t["output"], t
    hidden = [t for t in data["tests"] if t["visibility"] == "after_published"]
    public = [t for t in data["tests"] if t["visibility"] == "visible"]
    n = sum(1 for _ in selected())
    assert len(hidden) == n and len(public) == n
    assert all(t["max_score"] == 0 for t in public)
    assert sum(t["max_score"] for t in hidden) == pytest.approx(MAXIMUM, abs=1e-6)
    assert data["score"] == pytest.approx(sum(t["score"] for t in hidden), abs=1e-6)
    return data


def test_gradescope_submissions_solutions_stubs_and_an_attack(autograder_zip, tmp_path):
    good = gradescope_run(autograder_zip, tmp_path / "solutions",
                          {f"{c}.py": ROOT / "solutions" / f"{c}.py" for c in CHAPTERS})
    assert good["score"] == MAXIMUM                       # exactly, though thirds of a point add up
    assert all(t["status"] == "passed" for t in good["tests"]), [t for t in good["tests"] if t["status"] != "passed"][:2]

    stubs = gradescope_run(autograder_zip, tmp_path / "stubs",
                           {f"{c}.py": ROOT / "exercises" / f"{c}.py" for c in CHAPTERS})
    assert stubs["score"] == 0
    debug = {ex.id for c in CHAPTERS.values() for ex in c.exercises if ex.kind == "debug"}
    assert all("not implemented yet" in t["output"] for t in stubs["tests"]  # a debug stub is
               if t["number"] not in debug)                                 # buggy code instead
    assert all(t["status"] == "failed" for t in stubs["tests"] if t["number"] in debug)

    # An attack on backprop (forged results, fixtures, solutions); the other chapters not uploaded.
    bad = gradescope_run(autograder_zip, tmp_path / "attack",
                         {"backprop.py": HERE / "attacks" / "backprop" / "write_files.py"})
    assert bad["score"] == 0
    assert all(t["status"] == "failed" for t in bad["tests"])
    assert any("is not in your submission" in t["output"] for t in bad["tests"])


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_attack_earns_nothing_locally_or_on_hidden_inputs(attack, tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_ATTACK_MARKER", str(tmp_path / "pwned"))
    monkeypatch.setenv("NNBOOK_ATTACK_PID", str(os.getpid()))
    monkeypatch.setenv("AUTOGRADER_ROOT", str(tmp_path))
    monkeypatch.chdir(ROOT)
    chapter = attack.parent.name
    fixtures = ROOT / "nnbook" / "grading" / "chapters" / chapter / "fixtures.json"
    watched = [fixtures, fixtures.with_name("fixtures.sha256"), ROOT / "solutions" / f"{chapter}.py"]
    before = [p.read_bytes() for p in watched]
    # Locally as in the student edition, which has no solutions/ to read.
    local = grade(attack, chapter=chapter, timeout=1.5, hide=[ROOT / "solutions"])
    # On hidden inputs (as in the autograder), for a layer exercise and a function exercise.
    hidden = [r for ex in HIDDEN_EXERCISES[chapter]
              for r in grade(attack, chapter=chapter, exercise=ex, timeout=1.5, hidden_seed=SEED,
                             solutions=ROOT / "solutions", hide=[ROOT / "solutions"])]
    for results, where in ((local, "locally"), (hidden, "on hidden inputs")):
        assert results and sum(r.score for r in results) == 0, \
            f"{attack.stem} gains {[r.name for r in results if r.passed]} {where}"
        for r in results:
            assert r.message and GRADER_BUG not in r.message, f"{r.name}: {r.message}"
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "results").exists()
    assert [p.read_bytes() for p in watched] == before


def test_a_module_where_everything_hangs_costs_one_timeout_per_exercise():
    """Bounded time: after its first timeout an exercise's other checks are not run."""
    hang = HERE / "attacks" / "backprop" / "hang_everywhere.py"
    grader = Grader(hang, timeout=1.0)
    start = time.monotonic()
    results = [grader.run(c, ex, check) for c, ex, check in selected("backprop")]
    seconds = time.monotonic() - start
    timeouts = grader._workers["backprop"].timeouts
    grader.close()
    n = len(CHAPTERS["backprop"].exercises)
    print(f"all-hanging backprop module: {seconds:.1f} s, {timeouts} timeouts of 1 s, {n} exercises")
    assert 1 <= timeouts <= n
    assert all(not r.passed for r in results)
    assert all(r.message and GRADER_BUG not in r.message for r in results)
    assert sum("not run: a call of exercise" in r.message or r.message.startswith("not graded until")
               for r in results) >= timeouts


@pytest.mark.parametrize("mode", HOSTILE)
def test_a_hostile_submission_is_graded_within_its_time_budget(mode, autograder_zip, tmp_path):
    """Every call of every exercise sleeps just under the timeout, or hangs: the autograder still
    finishes within the submission's budget plus the reference's own run. Scaled down here (1 s
    per call, a budget of 30 s); the defaults (10 s, 240 s) scale the same way."""
    timeout, budget = 1.0, 30.0
    files = {f"{c}.py": degenerate_module(c, mode, tmp_path / "modules", sleep=0.9 * timeout)
             for c in CHAPTERS}
    start = time.monotonic()
    data = gradescope_run(autograder_zip, tmp_path / mode, files,
                          env={"NNBOOK_TIMEOUT": str(timeout), "NNBOOK_BUDGET": str(budget)})
    seconds = time.monotonic() - start
    reference = time.monotonic()
    for chapter in CHAPTERS.values():
        fixtures.record_hidden(chapter, ROOT / "solutions", SEED + 1, local=True)
    reference = time.monotonic() - reference
    print(f"{mode}: graded in {seconds:.0f} s (budget {budget:g} s; the reference alone takes {reference:.0f} s)")
    assert seconds < budget + 2 * reference + 15
    hidden = [t for t in data["tests"] if t["visibility"] == "after_published"]
    assert any("time budget" in t["output"] for t in hidden)
    if mode == "hang":
        assert data["score"] == 0
