"""The grader proven right: full points for the solutions, zero for the stubs, every mutant caught,
and misbehaving student code turned into failed checks with clear messages."""
import json
import re
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest
from assemble import assembled

from nnbook.grading import generate
from nnbook.grading.discover import chapters
from nnbook.grading.grade import Grader, grade, selected
from nnbook.grading.release import release
from tests.checkout import nnbook_wheel

CHAPTERS = chapters()
HERE = Path(__file__).parent
ROOT = HERE.parents[1]
MUTANTS = sorted((HERE / "mutants").glob("*/*.py"))
MISBEHAVING = HERE / "misbehaving"
EXERCISE_IDS = [ex.id for chapter in CHAPTERS.values() for ex in chapter.exercises]


def mutant_exercise(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("EXERCISE = "):
            return line.split("=")[1].strip().strip('"')
    raise AssertionError(f"{path} declares no EXERCISE")


def test_solutions_get_full_points():
    results = grade("solutions")
    failed = [f"{r.name}: {r.message}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)
    assert sum(r.score for r in results) == pytest.approx(sum(
        ex.points for c in CHAPTERS.values() for ex in c.exercises))


def test_untouched_stubs_get_zero_with_not_implemented_messages():
    results = grade("exercises")
    assert results and all(not r.passed and r.score == 0 for r in results)
    for r in results:
        if r.exercise.kind == "debug":      # the given code runs: every check fails on what it computes
            assert r.message and "grader itself failed" not in r.message, f"{r.name}: {r.message}"
            assert "could not import" not in r.message and "not implemented" not in r.message, r.message
        else:
            assert "not implemented yet (Exercise " in r.message, f"{r.name}: {r.message}"


# The chapters whose checks were thin get at least five wrong implementations per exercise (issue 21).
AT_LEAST_FIVE = ("optimization", "regularization", "cnn")


@pytest.mark.parametrize("exercise", EXERCISE_IDS)
def test_every_exercise_has_enough_mutants(exercise):
    chapter = next(c.name for c in CHAPTERS.values() if any(ex.id == exercise for ex in c.exercises))
    least = 5 if chapter in AT_LEAST_FIVE else 3
    assert sum(mutant_exercise(m) == exercise for m in MUTANTS) >= least


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mutant_is_caught(mutant, tmp_path):
    chapter, exercise = mutant.parent.name, mutant_exercise(mutant)
    # solutions/ is hidden from graded code: the mutant is graded as the solution plus its rewrite.
    # Only its exercise is graded: the rest of the module is the reference, graded in full above.
    results = grade(assembled(mutant, tmp_path), chapter=chapter, exercise=exercise)
    assert results, f"{mutant.name}: exercise {exercise} has no checks"
    caught = [r for r in results if not r.passed]
    assert caught, f"{mutant.name} passes every check of exercise {exercise}"
    for r in caught:
        assert "grader itself failed" not in r.message and r.message, r.message
        assert "could not import your module" not in r.message, f"{mutant.name} does not import: {r.message}"


def test_misbehaving_code_becomes_failed_checks_with_clear_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("FORGED_RESULTS", str(tmp_path / "forged.json"))
    grader = Grader(MISBEHAVING, timeout=1.5)
    monkeypatch.chdir(ROOT)
    results = [grader.run(c, ex, check) for c, ex, check in selected("backprop")]
    grader.close()
    first = {}
    for r in results:
        assert "grader itself failed" not in r.message, r.message
        if not r.passed:
            first.setdefault(r.exercise.id, r)
    expected = {
        "1.1": "did not finish within 1.5 s",
        "1.2": "raised SystemExit",
        "1.3": "ended (exit code 3)",
        "1.4": "got None (did you forget a return statement?)",
        "1.5": "contains nan",
        "1.6": "got a list",
        "1.7": "raised",              # its attempt to write a results file is refused
    }
    for ex_id, text in expected.items():
        assert not first[ex_id].passed and text in first[ex_id].message, first[ex_id].message
    # Exercises without a misbehaviour of their own (1.8, 1.9) are the reference and pass.
    assert not any(r.passed for r in results if r.exercise.id in expected and r.exercise.id not in ("1.5", "1.7"))
    # The forging attempt could not write its file and changed nothing in the grader.
    assert not (tmp_path / "forged.json").exists()
    assert not first["1.7"].passed


def test_a_module_that_does_not_import_fails_every_check_with_the_reason():
    results = grade(MISBEHAVING / "syntax_error", exercise="1.1")
    assert all(not r.passed and "could not import your module: SyntaxError" in r.message for r in results)


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "nnbook", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_cli_grades_solutions_and_writes_gradescope_json(tmp_path):
    out = tmp_path / "results.json"
    run = run_cli("grade", "--solutions", "--results", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    total = sum(ex.points for c in CHAPTERS.values() for ex in c.exercises)
    assert "total" in run.stdout and f"{total:g}/{total:g}" in run.stdout
    results = json.loads(out.read_text())
    assert results["score"] == total
    assert {"name", "score", "max_score", "output"} <= set(results["tests"][0])
    assert len(results["tests"]) == sum(1 for _ in selected())


def test_cli_selects_one_exercise_and_shows_what_is_wrong(tmp_path):
    out = tmp_path / "results.json"
    run = run_cli("grade", "--exercise", "1.2", "--results", str(out))
    assert run.returncode == 1                           # a check failed: CI sees it
    assert "not implemented yet (Exercise 1.2 (Softplus): implement Softplus.forward)" in run.stdout
    tests = json.loads(out.read_text())["tests"]
    assert tests and all(t["number"] == "1.2" and t["score"] == 0 for t in tests)
    assert run_cli("grade", "--exercise", "9.9").returncode == 2
    feedback = run_cli("grade", "--exercise", "1.2", "--exit-zero", "--results", str(out))
    assert feedback.returncode == 0 and "not implemented yet" in feedback.stdout


def test_generator_writes_named_stubs_and_keeps_docstrings():
    from nnbook.grading.framework import Exercise
    ex = Exercise("2.3", "Doing it", ("f",), 1, section="ch/01_x", kind="derive", difficulty=2,
                  minutes=20, task="Do it well.", hints=("First this, then that.", "Then that, and more."))
    source = ('def f(x):\n    """Do it."""\n    y = 1\n    # BEGIN SOLUTION\n'
              '    return x + y\n    # END SOLUTION\n')
    lookup = {"f": ex}.get
    stub = generate.stub_source(source, "ch", exercise_of=lookup)
    assert 'raise NotImplementedError("Exercise 2.3 (Doing it): implement f")' in stub
    assert stub.startswith("# --- Exercise 2.3: Doing it (1 point) ---")
    header = " ".join(line[2:] for line in stub.split("\n\ndef f")[0].splitlines()[1:])
    assert header == ("derive · ★★☆ · about 20 minutes Task: Do it well. Taught in book/ch/01_x.ipynb; its "
                      "hints are in the exercise's box there (or `nnbook hint 2.3`). Grade it with "
                      "`make grade EXERCISE=2.3`."), header
    assert "First this" not in stub                          # hints stay on the exercise's page
    assert "x + y" not in stub and '"""Do it."""' in stub and "y = 1" in stub
    with pytest.raises(ValueError, match="without # END SOLUTION"):
        generate.stub_source(source.replace("    # END SOLUTION\n", ""), "ch", exercise_of=lookup)
    with pytest.raises(ValueError, match="not asked for by any exercise"):
        generate.stub_source(source, "ch", exercise_of={}.get)
    assert generate.differences(ROOT) == [], "exercises/ is stale: run `make exercises`"


def test_exercise_ids_are_written_once():
    """Ids and titles live in the chapters' checks; solutions and the generator never repeat them."""
    for path in sorted((ROOT / "solutions").glob("*.py")):
        assert not re.search(r"Exercise \d+\.\d+", path.read_text()), f"{path} repeats an exercise id"


def test_importing_nnbook_registers_no_pytest_plugin():
    code = ("import importlib.metadata as m, nnbook, sys; "
            "sys.exit(any('nnbook' in e.value for e in m.entry_points(group='pytest11')))")
    assert subprocess.run([sys.executable, "-c", code], cwd=HERE).returncode == 0


def test_student_edition_has_no_solutions_and_grades(tmp_path):
    dest = tmp_path / "student"
    files = release(dest, ROOT)
    names = {f.as_posix() for f in files}
    assert "exercises/backprop.py" in names and "nnbook/grading/chapters/backprop/fixtures.json" in names
    assert not any(n.startswith(("solutions/", "tests/grading/")) for n in names)
    assert not any(part in n for n in names for part in ("mutants", "alternatives", "attacks", "misbehaving"))
    solution_lines = [line.strip() for line in (ROOT / "solutions" / "backprop.py").read_text().splitlines()]
    secret = [l for l in solution_lines if l.startswith(("np.add.at(", "dh_pre = (dout @"))]
    assert len(secret) == 2
    for path in dest.rglob("*.py"):
        text = path.read_text()
        assert not any(s in text for s in secret), f"{path} reveals a solution"

    # A student implements exercise 1.4 and grades.
    stub = dest / "exercises" / "backprop.py"
    code = stub.read_text()
    for old, new in (
            ('        raise NotImplementedError("Exercise 1.4 (Huber loss): implement HuberLoss.forward")\n',
             "        r = pred - target\n        self._small = np.abs(r) <= self.delta\n"
             "        self._r, self._dtype = r, pred.dtype\n"
             "        return float(np.mean(np.where(self._small, 0.5 * r * r, "
             "self.delta * (np.abs(r) - 0.5 * self.delta))))\n"),
            ('        raise NotImplementedError("Exercise 1.4 (Huber loss): implement HuberLoss.backward")\n',
             "        g = np.where(self._small, self._r, self.delta * np.sign(self._r)) / self._r.size\n"
             "        return g.astype(self._dtype)\n")):
        assert old in code
        code = code.replace(old, new)
    stub.write_text(code)
    env = {**os.environ, "PYTHONPATH": str(dest)}
    run = subprocess.run([sys.executable, "-m", "nnbook", "grade", "--chapter", "backprop",
                          "--results", str(tmp_path / "r.json")], cwd=dest, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr         # the other exercises fail
    tests = json.loads((tmp_path / "r.json").read_text())["tests"]
    assert all(t["score"] == t["max_score"] for t in tests if t["number"] == "1.4")
    assert all(t["score"] == 0 for t in tests if t["number"] != "1.4")
    assert "2/2" in run.stdout and "solutions" not in run.stdout.lower().replace("solutions/", "")


def test_grading_works_from_a_wheel_installed_in_a_temporary_directory(tmp_path):
    """The instructor's route of the README: `pip install nnbook-*.whl[grade]` in a fresh virtual
    environment (offline: the wheel without its dependencies, which the venv takes from the
    interpreter's own site-packages; the extra must declare pytest and find it there), then
    `nnbook grade --target exercises`
    grades a copy of exercises/ there, with no tests/ and no source tree."""
    from importlib.metadata import Distribution
    wheel = nnbook_wheel(tmp_path)
    declared = [r for r in Distribution.at(next(_wheel_metadata(wheel, tmp_path))).requires or []
                if 'extra == "grade"' in r]
    assert any(r.startswith("pytest") for r in declared), declared
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=120)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
                    "--no-index", "--force-reinstall", "--target", str(tmp_path / "site"), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    for requirement in declared:                         # the extra's packages are there
        name = re.split(r"[<>=; ]", requirement)[0]
        found = subprocess.run([str(py), "-c", f"import importlib.metadata as m; m.version({name!r})"],
                               env=env, capture_output=True, text=True)
        assert found.returncode == 0, f"{name} (nnbook[grade]) is not installed: {found.stderr}"
    work = tmp_path / "course"
    shutil.copytree(ROOT / "exercises", work / "exercises")
    where = subprocess.run([str(py), "-c", "import nnbook.grading.fixtures as f; print(f.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(tmp_path / "site")), where.stdout
    run = subprocess.run([str(py), "-m", "nnbook", "grade", "--target", "exercises", "--chapter", "backprop",
                          "--results", str(work / "results.json")], cwd=work, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr          # every check fails on stubs
    tests = json.loads((work / "results.json").read_text())["tests"]
    assert tests and all(t["score"] == 0 for t in tests)
    debug = {ex.id for ex in CHAPTERS["backprop"].exercises if ex.kind == "debug"}   # given code that runs
    assert all("not implemented yet (Exercise" in t["output"] for t in tests if t["number"] not in debug), \
        tests[0]["output"]


def _wheel_metadata(wheel: Path, dest: Path):
    """The unpacked .dist-info folder of ``wheel``."""
    import zipfile
    with zipfile.ZipFile(wheel) as z:
        z.extractall(dest / "unpacked")
    yield from (dest / "unpacked").glob("*.dist-info")


def test_ordinary_mistakes_fail_a_check_saying_what_came_and_what_was_expected():
    results = grade(MISBEHAVING / "mistakes", chapter="backprop", timeout=5)
    first = {}
    for r in results:
        assert r.message or r.passed
        assert "grader itself failed" not in r.message, f"{r.name}: {r.message}"
        if not r.passed:
            first.setdefault(r.exercise.id, r.message)
    expected = {"1.1": "(flattened?)", "1.2": "got a list", "1.3": "got None",
                "1.4": "expected a number", "1.5": "has dtype float32, expected float64", "1.6": "got a list",
                "1.7": "got a list"}
    for ex_id, text in expected.items():
        assert ex_id in first and text in first[ex_id], (ex_id, first.get(ex_id))


def test_dtype_and_hint_messages_name_the_term_and_the_hint(tmp_path):
    """`W.grad = dW` in float32 for a float64 layer is named as W's gradient, not as "the input";
    a typical mistake's message ends with the hint about it, taken from the exercise's definition."""
    (tmp_path / "backprop.py").write_text(
        "import numpy as np\nimport solutions.backprop as ref\nfrom solutions.backprop import *  # noqa\n\n"
        "class Residual(ref.Residual):\n"
        "    def backward(self, dout):\n"
        "        dx = super().backward(dout)\n"
        "        self.W1.grad = self.W1.grad.astype(np.float32)\n"
        "        return dx\n\n"
        "class Embedding(ref.Embedding):\n"
        "    def backward(self, dout):\n"
        "        self.W.grad[self._idx] += dout       # a repeated index keeps one gradient\n\n"
        "class HuberLoss(ref.HuberLoss):\n"
        "    def backward(self):\n"
        "        return super().backward().astype(np.float64)\n")
    messages = {}
    for exercise in ("1.4", "1.5", "1.7"):
        messages[exercise] = [r.message for r in grade(tmp_path, chapter="backprop", exercise=exercise, timeout=10)
                              if not r.passed]
    assert any("W1.grad after Residual.backward" in m and "has dtype float32, expected float64 (the dtype of W1)"
               in m for m in messages["1.5"]), messages["1.5"]
    assert not any("the dtype of the input" in m for ms in messages.values() for m in ms)
    assert any(m.endswith("see hint 2 of exercise 1.7") for m in messages["1.7"]), messages["1.7"]
    assert any("(the dtype of pred); see hint 3 of exercise 1.4" in m for m in messages["1.4"]), messages["1.4"]


def test_grader_test_ids_show_greek_letters_and_minus_signs(tmp_path):
    """`nnbook grade` prints a check's name as written (μ, −, ≤), not as \\u03bc escapes."""
    from nnbook import cli
    names = [c.name for _, _, c in selected() if not c.name.isascii()]
    assert names, "no check name uses a non-ASCII character any more: pick another test"
    code = ("import sys, subprocess; from nnbook import cli; "
            "subprocess.run = lambda args, **kw: print(args) or type('R', (), {'returncode': 0})(); "
            "cli.main(['grade', '--exercise', '4.6'])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout
    assert "disable_test_id_escaping_and_forfeit_all_rights_to_community_support=true" in out
    run = subprocess.run([sys.executable, "-m", "nnbook", "grade", "--exercise", "4.6", "--results",
                          str(tmp_path / "r.json")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "1 − p" in run.stdout or "(1 − p)" in run.stdout, run.stdout[-2000:]
    assert "\\u2212" not in run.stdout


def test_fixture_check_finds_a_changed_solution_and_tolerates_float32_rounding(tmp_path):
    from nnbook.grading import fixtures
    assert fixtures.stale("backprop") == []
    source = (ROOT / "solutions" / "backprop.py").read_text()
    line = "def __init__(self, alpha: float = 1.0):"     # ELU's default alpha, still self-consistent
    assert line in source
    (tmp_path / "backprop.py").write_text(source.replace(line, line.replace("1.0", "1.001")))
    changed = fixtures.stale("backprop", tmp_path)
    assert "1.1/forward/0/0" in changed and not any(k.startswith("1.2/") for k in changed)


def test_re_recording_keeps_the_stored_digits_and_json_keeps_every_bit():
    """`make fixtures` on an unchanged tree changes nothing: values within rounding of the stored
    ones keep their stored digits; a changed value is taken; float64 and float32 round-trip exactly."""
    import numpy as np

    from nnbook.grading import fixtures
    rng = np.random.default_rng(0)
    stored = {"a": rng.standard_normal(5), "b": rng.standard_normal(3).astype(np.float32), "c": np.array(2.5)}
    fresh = {"a": stored["a"] * (1 + 1e-12), "b": stored["b"].copy(), "c": np.array(3.5), "d": np.ones(2)}
    values = fixtures.merged(fresh, stored)
    assert values["a"] is stored["a"] and values["b"] is stored["b"]
    assert values["c"] is fresh["c"] and values["d"] is fresh["d"]
    again = fixtures.decode(fixtures.dumps(values).encode())
    for key, value in values.items():
        assert again[key].dtype == value.dtype and again[key].shape == value.shape
        assert np.array_equal(again[key], value)
    assert fixtures.merged(again, values).keys() == values.keys()
    assert all(fixtures.merged(again, values)[k] is values[k] for k in values)


def test_0d_arrays_keep_their_shape_through_the_codec():
    import numpy as np

    from nnbook.grading import codec
    for value in (np.array(1.5), np.array(3, dtype=np.int32), np.float32(2.0), [np.array(True)]):
        back = codec.decode(codec.encode(value))
        assert type(back) is type(value) and np.shape(back) == np.shape(value), (value, back)
        assert type(codec.copy(value)) is type(value)
    assert codec.decode(codec.encode(np.array(1.5))).shape == ()


def test_inputs_changed_in_place_are_seen_however_the_call_lies_about_them():
    """The inputs live in memory the supervisor shares with the call and reads back after it: a
    call that overwrites its input and patches its own process's reporting is still caught."""
    import numpy as np

    from nnbook.grading.codec import Strided
    from nnbook.grading.worker import Worker
    with Worker(MISBEHAVING / "lying_inputs.py", timeout=10) as worker:
        for x in (np.ones(3), Strided(np.ones((2, 3))), np.array(1.0)):
            outcome = worker.run("call", "f", (x,), {})
            assert outcome.status == "ok" and outcome.mutated == ("[1][0]",), outcome
