"""Mutants and alternatives made into whole student modules.

A file in ``tests/grading/mutants/<chapter>/`` or ``tests/grading/alternatives/<chapter>/``
rewrites one exercise and takes the rest from the reference solution (``from
solutions.<chapter> import *``, ``import solutions.<chapter> as ref``). The grader hides
``solutions/`` from the student's code, so these imports cannot run in the sealed worker: the
file graded is the reference solution's source followed by the rewrite, with ``ref`` bound to
the reference's definitions as they were before the rewrite.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def exercise_of(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("EXERCISE = "):
            return line.split("=")[1].strip().strip('"')
    raise AssertionError(f"{path} declares no EXERCISE")


def assembled(path: Path, dest: Path) -> Path:
    """Write ``<dest>/<kind>/<stem>/<chapter>.py``: the solution of ``path``'s chapter, then
    ``path`` with its imports of the solution rewritten; return that file."""
    chapter = path.parent.name
    solution = (ROOT / "solutions" / f"{chapter}.py").read_text()
    own = path.read_text()
    module = re.escape(f"solutions.{chapter}")
    own = re.sub(rf"^from {module} import \*.*$", "", own, flags=re.M)
    own = re.sub(rf"^import {module} as (\w+).*$", r"\1 = _reference", own, flags=re.M)
    own = re.sub(rf"^from {module} import (\w+) as (\w+).*$", r"\2 = _reference.\1", own, flags=re.M)
    if re.search(r"^\s*(from|import)\s+solutions\b", own, flags=re.M):
        raise AssertionError(f"{path}: import the reference only as `from solutions.{chapter} import *`, "
                             f"`import solutions.{chapter} as ref` or `from solutions.{chapter} import f as g`")
    glue = ("\n\n# --- the reference above; the rewrite below " + "-" * 40 + "\n"
            "import types as _types\n_reference = _types.SimpleNamespace(**dict(globals()))\n\n")
    target = dest / path.parent.parent.name / path.stem / f"{chapter}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(solution + glue + own)
    return target
