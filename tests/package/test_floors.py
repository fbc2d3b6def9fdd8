"""Declared versions are tested versions: the package tests pass with the lowest versions that
``pyproject.toml`` allows.

``pip install nnbook`` promises every version from each floor up (Colab keeps its own), so this
test installs exactly the floors (numpy, scikit-learn, matplotlib, tqdm), beside the pinned torch
and what the tests themselves import (pytest, optuna, ipywidgets), into a fresh virtual
environment without the system's packages, and runs ``tests/package`` there. The environment is
kept in ``_build/floors-venv`` and rebuilt only when the floors or the pins change (a stamp file
lists them), so that later runs take only the tests' time; a change of the test tools alone is
installed into it, a change of a floor builds it afresh. The wheels come from the package
registry, or pip's cache once they have been fetched.
"""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = ROOT / "_build" / "floors-venv"
# Beside the floors: the pinned torch (requirements.txt; the CPU wheel lies on this machine's
# disk) and the test tools, at requirements.txt's versions.
PINNED = ["torch==2.13.0", "pytest==9.2.0", "pytest-timeout==2.4.0", "optuna==5.0.0",
          "ipywidgets==8.1.9", "ipykernel==7.4.0", "nbclient==0.11.0", "nbformat==5.11.1"]


def floors() -> dict[str, str]:
    """{name: lowest version} from pyproject.toml's dependencies, each written ``name>=version``."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = {}
    for dep in deps:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)", dep.replace(" ", ""))
        assert match, f"pyproject.toml: dependency {dep!r} must be written name>=floor"
        found[match[1]] = match[2]
    return found


def test_every_dependency_declares_a_floor_and_the_readme_names_it():
    readme = (ROOT / "README.md").read_text()
    for name, version in floors().items():
        assert f"{name} {version}" in readme, f"README.md does not say {name} {version} is tested"


def _python() -> str:
    return shutil.which("python3.11") or getattr(sys, "_base_executable", sys.executable)


def _environment(floor_spec: list[str], tools: list[str]) -> pathlib.Path:
    """The venv with ``floor_spec`` and ``tools`` installed: reused when its stamp lists the same,
    the tools installed into it when only they changed, built afresh when a floor changed."""
    python, stamp = VENV / "bin" / "python", VENV / "floors.txt"
    spec = floor_spec + tools
    old = stamp.read_text().splitlines() if python.exists() and stamp.exists() else []
    if old == spec:
        return python
    if old[: len(floor_spec)] != floor_spec:
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([_python(), "-m", "venv", str(VENV)], check=True)     # no system site-packages
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             "--only-binary", ":all:", *spec], capture_output=True, text=True)
    assert result.returncode == 0, f"installing {spec} failed:\n{result.stdout}\n{result.stderr}"
    stamp.write_text("\n".join(spec))
    return python


def test_package_tests_pass_at_the_declared_floors():
    spec = [f"{name}=={version}" for name, version in floors().items()]
    python = _environment(spec, PINNED)
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True,
                            text=True, check=True).stdout.lower().replace("_", "-")
    for name, version in floors().items():             # the floors themselves, not newer versions
        assert re.search(rf"^{re.escape(name.lower())}=={re.escape(version)}(\.0)*$", listed, re.M), \
            f"{name} {version} is not what the environment holds:\n{listed}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/package",
                             "--ignore", "tests/package/test_floors.py"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    tail = "\n".join(result.stdout.splitlines()[-40:])
    assert result.returncode == 0, f"package tests fail at the floors {spec}:\n{tail}\n{result.stderr[-2000:]}"


if __name__ == "__main__":
    pytest.main([__file__, "-q"])
