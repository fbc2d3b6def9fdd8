"""The book's sources keep the contract: notebooks without outputs, each listed in the TOC,
each starting with the current setup cell, and a configuration under which errors fail the build."""
from __future__ import annotations

import ast
import json
import re
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


# Figures: a code cell's metadata `mystnb.figure` (caption and name) makes myst-nb render its
# picture as a numbered figure; {numref}`name` in the prose renders "Fig. N" and links to it.
NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?([^`>]+)>?`")


def _code_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _draws_figure(cell) -> bool:
    source = "".join(cell["source"])
    return ("image" in cell["metadata"].get("mystnb", {}) or "plt.show(" in source
            or "Playground(" in source)


def named_figures() -> list[tuple[str, str]]:
    """(notebook, name) of every figure with a name, in the book's order of notebooks."""
    return [(str(path.relative_to(ROOT)), cell["metadata"]["mystnb"]["figure"]["name"])
            for path in NOTEBOOKS for cell in _code_cells(path)
            if cell["metadata"].get("mystnb", {}).get("figure", {}).get("name")]


def numref_targets() -> set[str]:
    """Every target of {numref} in the book's prose (Markdown cells and Markdown pages)."""
    texts = ["".join(c["source"]) for path in NOTEBOOKS for c in json.loads(path.read_text())["cells"]
             if c["cell_type"] == "markdown"]
    texts += [p.read_text() for p in (ROOT / "book").rglob("*.md")]
    return {target.strip() for text in texts for target in NUMREF.findall(text)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_that_draws_has_a_numbered_figure(path):
    """The figure a section's argument rests on has a caption and a name the prose can cite."""
    cells = _code_cells(path)
    if not any(_draws_figure(c) for c in cells):
        pytest.skip(f"{path.name} draws no figure")
    captioned = [c["metadata"]["mystnb"]["figure"] for c in cells
                 if c["metadata"].get("mystnb", {}).get("figure", {}).get("caption", "").strip()]
    assert captioned, (f"{path.name} draws figures but none has a caption: give the one its "
                       "argument rests on metadata mystnb.figure {caption, name}")
    unnamed = [f["caption"][:60] for f in captioned if not str(f.get("name", "")).startswith("fig-")]
    assert not unnamed, f"{path.name}: captioned figures without a name 'fig-...': {unnamed}"
    for cell in cells:
        figure = cell["metadata"].get("mystnb", {}).get("figure")
        if figure:
            assert "image" in cell["metadata"]["mystnb"], \
                f"{path.name}: figure {figure.get('name')} has a caption but no alt text (mystnb.image.alt)"
            # myst-nb puts every displayed output of the cell in the figure: a stray value
            # (glue calls on the last line return their value) would be a second figure of the same name
            source = "".join(cell["source"])
            last = ast.parse(source).body[-1]
            shown = isinstance(last, ast.Expr) and not source.rstrip().endswith(";")
            value = last.value if shown else None
            stray = isinstance(value, ast.Tuple) or (
                isinstance(value, ast.Call) and getattr(value.func, "id", "") == "glue")
            assert not stray, (f"{path.name}: the cell of {figure['name']} ends with a value that is "
                               "shown as a second output; end the line with ';'")


def test_figure_names_are_unique():
    seen: dict[str, str] = {}
    for notebook, name in named_figures():
        assert name not in seen, f"figure name {name} is used twice: {seen[name]} and {notebook}"
        seen[name] = notebook


def test_every_named_figure_is_cited():
    cited = numref_targets()
    uncited = [f"{notebook}: {name}" for notebook, name in named_figures() if name not in cited]
    assert not uncited, ("figures no sentence refers to; cite each with {numref}`name` where the "
                         "prose discusses it:\n  " + "\n  ".join(uncited))


def test_every_numref_names_a_figure():
    names = {name for _, name in named_figures()}
    missing = sorted(numref_targets() - names)
    assert not missing, f"{{numref}} to figures that do not exist: {missing}"
