"""The environment files agree with each other and with what their pins need.

Binder builds from .binder/ (runtime.txt, requirements.txt -> ../requirements.txt); the Makefile
builds .venv from requirements.txt with the Python it names; the student edition grades with
requirements-grade.txt. A pin that needs a newer Python than runtime.txt gives Binder a build
that fails ("No matching distribution found for numpy==2.4.6" under repo2docker's default 3.10).
"""
from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def pins(path: Path) -> dict[str, Requirement]:
    """Name -> requirement, for the requirements that apply on this platform."""
    reqs = [Requirement(line) for line in lines(path) if not line.startswith("-")]
    return {r.name.lower(): r for r in reqs if r.marker is None or r.marker.evaluate()}


def runtime_python() -> Version:
    text = (ROOT / ".binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert match, f".binder/runtime.txt must read like 'python-3.11', got {text!r}"
    return Version(match.group(1))


def test_binder_uses_the_pinned_requirements_and_the_cpu_index():
    binder = lines(ROOT / ".binder" / "requirements.txt")
    assert "-r ../requirements.txt" in binder, ".binder/requirements.txt must include ../requirements.txt"
    assert f"--extra-index-url {CPU_INDEX}" in lines(ROOT / "requirements.txt") + binder


def test_binder_python_is_the_makefiles_and_this_environments():
    version = runtime_python()
    makefile = (ROOT / "Makefile").read_text()
    assert f"PYTHON ?= python{version}" in makefile, f"Makefile's PYTHON differs from runtime.txt's {version}"
    assert Version(f"{sys.version_info.major}.{sys.version_info.minor}") == version


def test_every_pin_is_installed_and_accepts_binders_python():
    version = runtime_python()
    wrong, too_old = [], []
    for name, req in pins(ROOT / "requirements.txt").items():
        installed = metadata.version(name)
        if not req.specifier.contains(installed, prereleases=True):
            wrong.append(f"{name} {installed} (pinned {req.specifier})")
        needs = metadata.metadata(name).get("Requires-Python")
        if needs and not Requirement(f"python{needs}").specifier.contains(str(version)):
            too_old.append(f"{name} needs Python {needs}")
    assert not wrong, f"installed versions differ from requirements.txt: {wrong}"
    assert not too_old, f".binder/runtime.txt's Python {version} is too old: {too_old}"


def test_runtime_python_is_needed():
    """Pins that need Python >= 3.11 are why runtime.txt exists: repo2docker's default is 3.10."""
    needs_311 = [name for name in ("numpy", "scipy")
                 if not Requirement(f"python{metadata.metadata(name)['Requires-Python']}").specifier.contains("3.10")]
    assert needs_311, "numpy and scipy run on 3.10 again: runtime.txt could follow the pins down"


def test_torch_is_the_cpu_build_on_linux():
    reqs = [Requirement(line) for line in lines(ROOT / "requirements.txt") if line.startswith("torch")]
    linux = [r for r in reqs if r.marker is not None and r.marker.evaluate({"sys_platform": "linux"})]
    assert len(linux) == 1 and str(linux[0].specifier).endswith("+cpu"), reqs
    if sys.platform == "linux":
        assert metadata.version("torch").endswith("+cpu")


def test_grading_environment_is_light_and_agrees():
    grade = pins(ROOT / "requirements-grade.txt")
    full = pins(ROOT / "requirements.txt")
    assert set(grade) == {"numpy", "pytest", "pytest-timeout"}, sorted(grade)
    for name, req in grade.items():
        assert str(req.specifier) == str(full[name].specifier), f"{name}: {req} vs requirements.txt {full[name]}"
    makefile = (ROOT / "Makefile").read_text()
    assert "requirements-grade.txt" in makefile and "--no-deps -e ." in makefile


def test_jupyterlab_runs_from_the_environment():
    """The README's `.venv/bin/jupyter lab book/...` needs JupyterLab in the environment."""
    jupyter = Path(sys.executable).parent / "jupyter"
    out = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(pins(ROOT / "requirements.txt")["jupyterlab"].specifier).lstrip("=")
    readme = (ROOT / "README.md").read_text()
    assert ".venv/bin/jupyter lab book/" in readme


@pytest.mark.parametrize("name", ["torch", "jupyterlab", "jupyter-book", "playwright", "ipywidgets"])
def test_grading_needs_none_of(name):
    assert name not in pins(ROOT / "requirements-grade.txt")
