"""A chapter's `DATASET = ...` switch, run for real: the notebook downloads a dataset from a
server on 127.0.0.1 and runs to the end. The files are small stand-ins in the real formats
(IDX, CIFAR-10 pickles), with learnable classes; the registry's checksums are pointed at them
by one cell the test inserts after the switch."""
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from nnbook.data import download
from nnbook.data.idx import write_idx

BOOK = Path(__file__).resolve().parents[2] / "book" / "mlp"


def learnable_images(n: int, shape: tuple[int, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """uint8 images of 10 classes: a fixed random template per class plus noise."""
    r = np.random.default_rng(seed)
    templates = np.random.default_rng(99).integers(0, 256, (10, *shape))
    y = np.arange(n) % 10
    X = np.clip(templates[y] + r.normal(0, 40, (n, *shape)), 0, 255).astype(np.uint8)
    return X, y


def serve_mnist(folder: Path) -> dict[str, str]:
    for part, n, seed in (("train", 400, 0), ("t10k", 100, 1)):
        X, y = learnable_images(n, (28, 28), seed)
        write_idx(folder / f"{part}-images-idx3-ubyte.gz", X)
        write_idx(folder / f"{part}-labels-idx1-ubyte.gz", y.astype(np.uint8))
    return {f.name: download.md5(f) for f in folder.iterdir()}


def serve_cifar(folder: Path, cifar_archive) -> dict[str, str]:
    archive = folder / "cifar-10-python.tar.gz"
    cifar_archive(archive, n=80)
    return {archive.name: download.md5(archive)}


@pytest.mark.parametrize("notebook, dataset", [("01_digits", "mnist"), ("01_digits", "cifar10"),
                                               ("02_hyperparameters", "fashion-mnist")])
def test_a_chapter_runs_on_a_downloaded_dataset(notebook, dataset, serve, tmp_path, monkeypatch, cifar_archive):
    served = tmp_path / "served"
    served.mkdir()
    files = serve_cifar(served, cifar_archive) if dataset == "cifar10" else serve_mnist(served)
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("NNBOOK_DATA_URL", serve(served).url)

    nb = nbformat.read(BOOK / f"{notebook}.ipynb", as_version=4)
    switch = next(i for i, c in enumerate(nb.cells) if c.source.startswith("DATASET = "))
    nb.cells[switch].source = nb.cells[switch].source.replace('DATASET = "digits"', f'DATASET = "{dataset}"')
    nb.cells.insert(switch + 1, nbformat.v4.new_code_cell(
        "from nnbook.data import download\n"
        f"download.REGISTRY[{dataset!r}] = download.Dataset('unused', {files!r})"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()

    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "test accuracy" in outputs
    assert set(files) <= {p.name for p in (tmp_path / "cache" / dataset).iterdir()}   # downloaded, cached
