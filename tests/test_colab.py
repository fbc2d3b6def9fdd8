"""The Colab edition of the notebooks (book/_ext/colab_edition.py), as close to Colab as offline allows.

- Links: every link to a page or label becomes an absolute link to the website; a link to no page
  of the book is an error.
- The build's editions (``_build/colab``, next to ``NNBOOK_SITE``): the setup cell pins the built
  commit, every link resolves to a page (and anchor) of the built site, code is the committed code.
- Colab's preinstalled versions satisfy nnbook's dependency ranges (a table below).
- An edition runs where numpy, matplotlib, scikit-learn and torch are preinstalled and nnbook is
  not: a fresh venv whose site holds the project's packages without nnbook, the setup cell's git
  URL swapped for a wheel of this checkout (pip offline, no index), the notebook executed with an
  exercise graded by ``nnbook.grading.check``, and ``pip freeze`` of the preinstalled packages
  unchanged afterwards.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from sphinx.errors import ExtensionError

from tests.book_files import ROOT, config, toc_files
from tests.checkout import nnbook_wheel, solution_class_source

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import colab_edition  # noqa: E402

setup_cells = colab_edition.setup_cells
SITE = Path(os.environ.get("NNBOOK_SITE", ROOT / "_build" / "html"))
COLAB = SITE.parent / "colab"
BASEURL = config()["html"]["baseurl"].rstrip("/") + "/"
DOCS = [doc for doc, _ in toc_files()]
NOTEBOOKS = [doc for doc, suffix in toc_files() if suffix == ".ipynb"]

# What Colab preinstalls (Python 3.12 runtime, as listed by `!pip list` in a Colab cell, late 2025;
# refresh this table from there). nnbook must not make pip replace any of them.
COLAB_VERSIONS = {
    "python": "3.12.11",
    "numpy": "2.0.2",
    "scipy": "1.16.2",
    "matplotlib": "3.10.0",
    "scikit-learn": "1.6.1",
    "torch": "2.8.0",
    "tqdm": "4.67.1",
    "ipywidgets": "7.7.1",
}


def _links() -> colab_edition.Links:
    labels = {"backprop-exercises": ("book/backprop/index", "backprop-exercises", "Exercises")}
    return colab_edition.Links(BASEURL, DOCS, labels, {"book/mlp/index": "Multilayer perceptrons"})


def test_links_become_absolute_links_to_the_website():
    text = ("[next](02_two_layer_network.ipynb), [MLP](../mlp/01_digits.ipynb#sec), [ch](index.md), "
            "[ex](#backprop-exercises), {doc}`the MLPs <../mlp/index>`, {doc}`../mlp/index`, "
            "{ref}`exercises <backprop-exercises>`, {ref}`backprop-exercises`, "
            "![fig](https://example.org/a.png), [web](https://example.org/x.md), $f[0](t)$")
    site = BASEURL + "book/"
    assert _links().rewrite(text, "book/backprop/01_computational_graphs") == (
        f"[next]({site}backprop/02_two_layer_network.html), [MLP]({site}mlp/01_digits.html#sec), "
        f"[ch]({site}backprop/index.html), [ex]({site}backprop/index.html#backprop-exercises), "
        f"[the MLPs]({site}mlp/index.html), [Multilayer perceptrons]({site}mlp/index.html), "
        f"[exercises]({site}backprop/index.html#backprop-exercises), "
        f"[Exercises]({site}backprop/index.html#backprop-exercises), "
        "![fig](https://example.org/a.png), [web](https://example.org/x.md), $f[0](t)$")


def test_citations_become_author_year_links_to_the_references_page():
    citations = {"srivastava2014dropout": ("Srivastava et al.", "2014"), "kingma2015adam": ("Kingma and Ba", "2015")}
    links = colab_edition.Links(BASEURL, DOCS, {}, {}, citations)
    refs = BASEURL + "book/references.html"
    assert links.rewrite("Dropout {cite:p}`srivastava2014dropout,kingma2015adam`; {cite:t}`kingma2015adam`.",
                         "book/backprop/03_layer_api") == (
        f"Dropout ([Srivastava et al., 2014]({refs}); [Kingma and Ba, 2015]({refs})); "
        f"[Kingma and Ba]({refs}) (2015).")
    with pytest.raises(ExtensionError, match="cites 'nobody2020', which no BibTeX file"):
        links.rewrite("{cite:p}`nobody2020`", "book/backprop/03_layer_api")
    names = colab_edition.citation_names([ROOT / "book" / "references.bib"])
    assert names["srivastava2014dropout"] == ("Srivastava et al.", "2014")
    assert names["kingma2015adam"] == ("Kingma and Ba", "2015")


@pytest.mark.parametrize("text, error", [
    ("[x](03_missing.ipynb)", "names no page of the book"),
    ("[x](#no-such-label)", "no label 'no-such-label'"),
    ("{ref}`x <no-such-label>`", "no label 'no-such-label'"),
    ("{doc}`../nowhere/index`", "names no page of the book"),
])
def test_a_link_to_no_page_is_an_error(text, error):
    with pytest.raises(ExtensionError, match=error):
        _links().rewrite(text, "book/backprop/01_computational_graphs")


def test_build_ref_is_the_commit_or_the_version_tag(tmp_path):
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:
        assert setup_cells.build_ref() == head.stdout.strip()
    (tmp_path / "nnbook").mkdir()
    shutil.copy(ROOT / "nnbook" / "__init__.py", tmp_path / "nnbook")
    import nnbook
    assert setup_cells.build_ref(tmp_path) == f"v{nnbook.__version__}"


def _markdown_hrefs(text: str) -> list[str]:
    md = MarkdownIt("commonmark").use(dollarmath_plugin).use(amsmath_plugin)
    return [token.attrs["href"] for block in md.parse(text) for token in block.children or []
            if token.type == "link_open"]


def _built_editions() -> dict[str, dict]:
    if not COLAB.is_dir():
        pytest.fail(f"no Colab edition at {COLAB}: run `make book` first (make test does)")
    return {doc: json.loads((COLAB / f"{doc}.ipynb").read_text()) for doc in NOTEBOOKS}


def test_built_editions_pin_the_build_and_link_to_the_site():
    editions, ref = _built_editions(), setup_cells.build_ref()
    setup = setup_cells.setup_source(ref)
    for doc, nb in editions.items():
        assert "".join(nb["cells"][0]["source"]) == setup, \
            f"{doc}: the edition's setup cell does not install nnbook at {ref} (rebuild with `make book`)"
        committed = json.loads((ROOT / f"{doc}.ipynb").read_text())["cells"]
        assert len(nb["cells"]) == len(committed), f"{doc}: the edition has other cells than the notebook"
        for cell, original in zip(nb["cells"][1:], committed[1:]):
            if cell["cell_type"] == "code":
                assert cell["source"] == original["source"], f"{doc}: a code cell differs from the notebook"
                continue
            text = "".join(cell["source"])
            assert not re.search(r"\{(doc|ref|cite(:[pt])?)\}`", text), f"{doc}: a MyST role left in {text[:200]!r}"
            for href in _markdown_hrefs(text):
                assert re.match(r"https?://", href), f"{doc}: relative link {href!r} is dead on Colab"
                if not href.startswith(BASEURL):
                    continue
                page, _, anchor = href.removeprefix(BASEURL).partition("#")
                assert page.removesuffix(".html") in DOCS, f"{doc}: {href} is no page of the book"
                html = (SITE / page).read_text()
                assert not anchor or f'id="{anchor}"' in html, f"{doc}: {href}: no anchor {anchor!r} on {page}"


def test_dependency_ranges_admit_colab_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert SpecifierSet(project["requires-python"]).contains(COLAB_VERSIONS["python"]), \
        f"requires-python {project['requires-python']} excludes Colab's Python {COLAB_VERSIONS['python']}"
    # optuna (the search extra) is not preinstalled on Colab: pip adds it and touches nothing else.
    requirements = project["dependencies"] + project["optional-dependencies"]["torch"]
    for requirement in map(Requirement, requirements):
        assert requirement.name in COLAB_VERSIONS, \
            f"nnbook depends on {requirement.name}: add Colab's version of it to COLAB_VERSIONS"
        version = COLAB_VERSIONS[requirement.name]
        assert requirement.specifier.contains(version, prereleases=True), \
            f"pyproject.toml requires {requirement}, which would replace Colab's {requirement.name} {version}"


# --- an edition notebook in a Colab-like environment ------------------------------------------------

HIDE = re.compile(r"(__editable__.*)?nnbook[-_.]")  # the checkout's nnbook: Colab has none


def _colab_like_venv(tmp: Path) -> Path:
    """A fresh venv whose preinstalled packages are this environment's, nnbook hidden; its python."""
    preinstalled = tmp / "preinstalled"
    preinstalled.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not HIDE.match(entry.name):
            (preinstalled / entry.name).symlink_to(entry)
    venv = tmp / "colab"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "preinstalled.pth").write_text(f"import site; site.addsitedir({str(preinstalled)!r})\n")
    return python


def _freeze(python: Path, env: dict) -> list[str]:
    return subprocess.run([str(python), "-m", "pip", "freeze"], env=env, capture_output=True, text=True,
                          check=True).stdout.splitlines()


def _cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def test_edition_runs_in_a_colab_like_environment(tmp_path, monkeypatch):
    import nbclient
    import nbformat

    doc, ref = "book/backprop/01_computational_graphs", setup_cells.build_ref()
    nb = colab_edition.edition(json.loads((ROOT / f"{doc}.ipynb").read_text()), doc, ref, _links())
    pinned = f"git+{config()['repository']['url']}@{ref}"
    setup = "".join(nb["cells"][0]["source"])
    assert f'"nnbook[search] @ {pinned}"' in setup, setup

    # pip offline, with no configuration of this machine (index mirrors, wheel folders, constraints).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    wheel = nnbook_wheel(tmp_path, env)
    python = _colab_like_venv(tmp_path)
    before = _freeze(python, env)
    assert not any(line.startswith("nnbook") for line in before), "nnbook is preinstalled in the venv"

    # Colab fetches the pinned commit from GitHub; offline, the same spec names this checkout's wheel.
    nb["cells"][0]["source"] = setup.replace(pinned, wheel.as_uri())
    venv_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip()
    nb["cells"] += [
        _cell(f"import nnbook\nassert nnbook.__file__.startswith({venv_site!r}), nnbook.__file__"),
        _cell("import numpy as np\nfrom nnbook.losses import Loss\n\n\n" + solution_class_source("HuberLoss")),
        _cell("from nnbook.grading import check\nreport = check('1.4', HuberLoss)\n"
              "assert report.passed, report\nprint(report)"),
        _cell("class SquaredLoss(Loss):  # MSE/2: Huber's value only where |r| <= delta\n"
              "    def __init__(self, delta=1.0):\n        self.delta = delta\n\n"
              "    def forward(self, pred, target):\n        self._r = pred - target\n"
              "        return float(np.mean(0.5 * self._r ** 2))\n\n"
              "    def backward(self):\n        return (self._r / self._r.size).astype(self._r.dtype)\n\n\n"
              "wrong = check('1.4', HuberLoss=SquaredLoss)\nassert not wrong.passed\nprint(wrong)"),
    ]
    for i, cell in enumerate(nb["cells"][-4:]):
        cell["id"] = f"colab-test-{i}"
    kernels = tmp_path / "jupyter" / "kernels" / "colab-like"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python",
        "env": {k: env.get(k, "") for k in ("PIP_CONFIG_FILE", "PIP_NO_INDEX", "PIP_FIND_LINKS", "PIP_CONSTRAINT")},
    }))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    work = tmp_path / "work"  # not the checkout, whose nnbook/ would be importable from the working directory
    work.mkdir()
    nb = nbformat.reads(json.dumps(nb), as_version=4)
    nbclient.NotebookClient(nb, kernel_name="colab-like", timeout=300,
                            resources={"metadata": {"path": str(work)}}).execute()

    outputs = "".join(o.get("text", "") for o in nb["cells"][-1]["outputs"])
    assert "FAIL  1.4 forward" in outputs and "FAIL  1.4 backward" in outputs and "expected" in outputs, outputs
    after = _freeze(python, env)
    assert [line.split("#")[0] for line in after if line.startswith("nnbook")] == [f"nnbook @ {wheel.as_uri()}"], \
        "nnbook is not installed from the pinned source"
    assert [line for line in after if not line.startswith("nnbook")] == before, \
        f"installing nnbook changed preinstalled packages: {sorted(set(after) ^ set(before))}"
    assert sorted(p.name for p in Path(venv_site).iterdir() if p.name != "preinstalled.pth") \
        == ["nnbook", f"nnbook-{wheel.name.split('-')[1]}.dist-info"], "pip installed more than nnbook"
