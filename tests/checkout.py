"""Pieces of this checkout that several tests build from: a wheel of nnbook and the reference
solution of one exercise as a student would paste it into a notebook cell."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def nnbook_wheel(dest: Path, env: dict | None = None) -> Path:
    """Build a wheel of nnbook from a copy of the package (no tests/, no source tree beside it)
    into ``dest``/wheels, offline, and return its path."""
    source = dest / "source"
    shutil.copytree(ROOT / "nnbook", source / "nnbook", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(dest / "wheels"), str(source)], env=env, check=True,
                   capture_output=True, timeout=300)
    return next((dest / "wheels").glob("nnbook-*.whl"))


def solution_class_source(name: str, chapter: str = "backprop") -> str:
    """The source of class ``name`` in solutions/<chapter>.py."""
    text = (ROOT / "solutions" / f"{chapter}.py").read_text()
    node = next(n for n in ast.parse(text).body if isinstance(n, ast.ClassDef) and n.name == name)
    return ast.get_source_segment(text, node)
