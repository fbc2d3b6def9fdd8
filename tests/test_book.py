"""The book's sources keep the contract: notebooks without outputs, each listed in the TOC,
each starting with the current setup cell, and a configuration under which errors fail the build."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.book_files import ROOT, config, toc_files

NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_there_are_chapters():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_in_toc(path):
    listed = {doc for doc, _ in toc_files()}
    assert str(path.relative_to(ROOT).with_suffix("")) in listed, f"{path.name} is missing from _toc.yml"


def test_setup_cells_in_sync():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "sync_setup_cells.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_build_fails_on_notebook_errors():
    execute = config()["execute"]
    assert execute["execute_notebooks"] == "force"
    assert execute["raise_on_error"] is True
    assert execute["timeout"] >= 120


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_notebook_checks_its_claims_in_place(path):
    """A chapter's key claims are asserts in the notebook, so nbval fails when the package regresses."""
    code = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
    assert code.count("assert ") >= 2, f"{path.name} checks no claim with an assert"
