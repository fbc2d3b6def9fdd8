"""The Regularization chapter's `DATASET = ...` switch, run for real on MNIST stand-ins served
from 127.0.0.1 (see test_chapter_switch.py): the sections with the switch run to the end, and
their digit-specific claims are skipped, not failed."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from test_chapter_switch import serve_mnist

BOOK = Path(__file__).resolve().parents[2] / "book" / "regularization"


@pytest.mark.parametrize("notebook", ["01_overfitting", "04_dropout"])
def test_regularization_runs_on_a_downloaded_dataset(notebook, serve, tmp_path, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    files = serve_mnist(served)
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("NNBOOK_DATA_URL", serve(served).url)

    nb = nbformat.read(BOOK / f"{notebook}.ipynb", as_version=4)
    switch = next(i for i, c in enumerate(nb.cells) if c.source.startswith("DATASET = "))
    nb.cells[switch].source = nb.cells[switch].source.replace('DATASET = "digits"', 'DATASET = "mnist"')
    nb.cells.insert(switch + 1, nbformat.v4.new_code_cell(
        "from nnbook.data import download\n"
        f"download.REGISTRY['mnist'] = download.Dataset('unused', {files!r})"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()

    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "validation" in outputs and "Error" not in outputs
