"""The instructor's autograder for Gradescope: ``make autograder`` writes ``_build/autograder.zip``.

Layout of the zip (Gradescope unpacks it into ``/autograder/source``)::

    setup.sh         run once when the image is built: Python, numpy and nnbook (from package/)
                     in /autograder/venv, and the unprivileged user nnbook-student
    run_autograder   grades /autograder/submission into /autograder/results/results.json
    package/         nnbook with its grader, every chapter's checks and public fixtures
    solutions/       the reference solutions: run at grading time on hidden inputs, never shipped
                     to students and unreadable by the student's code

What counts is graded on *hidden inputs*: a seed drawn at grading time, the reference solutions
run on it right then in the grader's own process (trusted code), and the student's code run on the same inputs in
the sealed worker (as ``nnbook-student`` when the autograder runs as root, as on Gradescope; the
solutions and the results directory are unreadable to that user and hidden from its mounts where
the kernel allows). Those checks are ``after_published`` in the results. The public checks (those
``nnbook grade`` runs locally) are shown at once, as feedback worth no points: their inputs and
expected values ship with the student edition.

The results file is written by the grader alone, atomically, after every worker is gone.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from nnbook.grading.discover import chapters
from nnbook.grading.grade import Grader, Result, selected
from nnbook.grading.report import summary_table

PACKAGE_FILES = ("pyproject.toml", "README.md", "requirements-grade.txt")
STUDENT_USER = "nnbook-student"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu).
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
export DEBIAN_FRONTEND=noninteractive
if ! command -v python3.11 >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq python3.11 python3.11-venv >/dev/null
fi
python3.11 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
"$ROOT/venv/bin/python" -m pip install --quiet -r "$SOURCE/package/requirements-grade.txt"
"$ROOT/venv/bin/python" -m pip install --quiet --no-deps "$SOURCE/package"
# The student's code runs as this user: it can read neither the solutions nor the results.
id -u nnbook-student >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin nnbook-student
chmod -R go-rwx "$SOURCE/solutions"
"$ROOT/venv/bin/python" -c "import nnbook.grading.autograder"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission, as root: grade $AUTOGRADER_ROOT/submission (default
# /autograder) and write $AUTOGRADER_ROOT/results/results.json. NNBOOK_AUTOGRADER_PYTHON chooses
# another Python (with nnbook installed) than the one setup.sh made.
set -u
ROOT="${AUTOGRADER_ROOT:-/autograder}"
export AUTOGRADER_ROOT="$ROOT"
exec "${NNBOOK_AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}" -m nnbook.grading.autograder run
"""


# --- building the zip ------------------------------------------------------------------------------

def _add(z: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    z.writestr(info, data)


def build(dest: str | Path = "_build/autograder.zip", root: str | Path | None = None) -> Path:
    """Write the Gradescope autograder of the repository ``root`` (default: the current directory)."""
    root = Path.cwd() if root is None else Path(root)
    solutions = sorted((root / "solutions").glob("*.py"))
    if not solutions:
        raise FileNotFoundError(f"no solutions/*.py under {root}: the autograder is built from the "
                                "instructor's repository, not from the student edition")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as z:
        _add(z, "setup.sh", SETUP_SH.encode(), executable=True)
        _add(z, "run_autograder", RUN_AUTOGRADER.encode(), executable=True)
        for name in PACKAGE_FILES:
            _add(z, f"package/{name}", (root / name).read_bytes())
        for path in sorted((root / "nnbook").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                _add(z, f"package/{path.relative_to(root).as_posix()}", path.read_bytes())
        for path in solutions:
            _add(z, f"solutions/{path.name}", path.read_bytes())
    tmp.replace(dest)
    return dest


# --- grading a submission ----------------------------------------------------------------------------

def _submitted(submission: Path, chapter: str) -> Path | None:
    """``exercises/<chapter>.py`` or ``<chapter>.py`` anywhere in the upload (the shallowest)."""
    found = [p for p in submission.rglob(f"{chapter}.py") if p.is_file() and not p.is_symlink()]
    found.sort(key=lambda p: (len(p.relative_to(submission).parts), p.parent.name != "exercises"))
    return found[0] if found else None


def _lock(path: Path) -> None:
    """Only root may read ``path`` (and everything below it)."""
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.chmod(p, 0o700 if p.is_dir() else 0o600)


def _test(r: Result, visibility: str, counts: bool) -> dict:
    out = {"name": r.name, "number": r.exercise.id,
           "score": r.score if counts else 0.0,
           "max_score": r.max_score if counts else 0.0,
           "status": "passed" if r.passed else "failed",
           "output": r.message or "passed", "visibility": visibility}
    if not counts:
        out["name"] += " [public inputs: feedback, no points]"
    return out


def results_json(hidden: list[Result], public: list[Result], seconds: float) -> dict:
    """Gradescope's schema: https://gradescope-autograders.readthedocs.io/en/latest/specs/"""
    tests = [_test(r, "after_published", True) for r in hidden]
    tests += [_test(r, "visible", False) for r in public]
    maximum = sum(ex.points for c in chapters().values() for ex in c.exercises)
    intro = ("Public checks (the ones `nnbook grade` runs on your machine) are shown now, as "
             "feedback worth no points. Your grade comes from the same checks on fresh hidden "
             f"inputs, shown when the grades are published (maximum {maximum:g} points).\n\n")
    # Thirds of a point do not add up exactly in floating point (67.9999999999999 for 68): the
    # total is rounded, far below any partial credit and never above the true sum by more than 5e-10.
    return {"score": min(round(sum(r.score for r in hidden), 9), float(maximum)),
            "execution_time": int(round(seconds)),
            "output": intro + (summary_table(public) if public else ""),
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": tests}


def write_results(path: Path, data: dict) -> None:
    """Atomically: a reader sees the old file or the whole new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


BUDGET = 240.0         # seconds of student code per submission (Gradescope's default limit is 600)


def run(root: str | Path | None = None, *, timeout: float | None = None, seed: int | None = None,
        public: bool = True, budget: float | None = None) -> dict:
    """Grade ``<root>/submission`` and write ``<root>/results/results.json``; return the results.

    ``timeout``: seconds per call (``$NNBOOK_TIMEOUT``, default 10); ``budget``: seconds all calls of
    the submission may take (``$NNBOOK_BUDGET``, default :data:`BUDGET`): 85 % for the hidden
    inputs, each exercise its fair share of what is left, the rest (at least 15 %) for the public
    feedback, which skips the exercises that hung or ran out of time on the hidden inputs. So a submission whose
    every call sleeps or hangs is graded within the budget plus the reference's own run."""
    start = time.monotonic()
    timeout = float(timeout or os.environ.get("NNBOOK_TIMEOUT") or 10.0)
    budget = float(budget or os.environ.get("NNBOOK_BUDGET") or BUDGET)
    root = Path(root or os.environ.get("AUTOGRADER_ROOT", "/autograder")).resolve()
    submission, results_dir = root / "submission", root / "results"
    solutions = root / "source" / "solutions"
    results_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        _lock(solutions)
        os.chmod(results_dir, 0o700)
    if seed is None:
        seed = int(os.environ.get("NNBOOK_HIDDEN_SEED") or secrets.randbelow(2 ** 31))
    work = Path(tempfile.mkdtemp(prefix="nnbook-submission-"))
    hidden_results: list[Result] = []
    public_results: list[Result] = []
    try:
        exercises = work / "exercises"
        exercises.mkdir()
        for name in chapters():
            found = _submitted(submission, name) if submission.is_dir() else None
            target = exercises / f"{name}.py"
            if found is None:
                target.write_text(f"raise ImportError('{name}.py is not in your submission: upload "
                                  f"exercises/{name}.py')\n")
            else:
                shutil.copyfile(found, target)
        os.chmod(work, 0o755)
        hide = [solutions, results_dir]
        planned = [ex.id for _, ex, _ in selected()]
        hidden = Grader(exercises, timeout=timeout, hidden_seed=seed, solutions=solutions, hide=hide,
                        budget=0.85 * budget, planned=planned)
        try:
            for c, ex, check in selected():
                hidden_results.append(hidden.run(c, ex, check))
        finally:
            hidden.close()
        if public:
            left = max(0.15 * budget, budget - hidden.spent)
            feedback = Grader(exercises, timeout=timeout, hide=hide, budget=left, planned=planned)
            feedback.skip_hung(hidden)
            try:
                for c, ex, check in selected():
                    public_results.append(feedback.run(c, ex, check))
            finally:
                feedback.close()
        data = results_json(hidden_results, public_results, time.monotonic() - start)
    except Exception as exc:                       # noqa: BLE001 - the instructor must see it
        data = {"score": 0.0, "execution_time": int(round(time.monotonic() - start)),
                "output": f"The autograder itself failed ({type(exc).__name__}: {exc}); your "
                          "submission was not graded. Please tell your instructor.",
                "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_results(results_dir / "results.json", data)
    return data


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"]:
        data = run()
        print(f"graded: {data['score']:g} points in {data['execution_time']} s")
        return 0
    if argv[:1] == ["build"]:
        print(f"wrote {build(*argv[1:2])}")
        return 0
    print("usage: python -m nnbook.grading.autograder run | build [ZIP]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
