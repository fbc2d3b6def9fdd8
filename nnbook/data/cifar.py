"""The CIFAR-10 "python version" (https://www.cs.toronto.edu/~kriz/cifar.html).

An archive ``cifar-10-python.tar.gz`` holding ``cifar-10-batches-py/`` with five training
batches ``data_batch_1`` .. ``data_batch_5`` and ``test_batch``: pickled dictionaries with
``b"data"``, a (10000, 3072) uint8 array (each row the red, then green, then blue 32×32
plane, row-major), and ``b"labels"``, a list of 10000 integers in [0, 10).
"""
from __future__ import annotations

import pickle
import tarfile
from pathlib import Path

import numpy as np

FOLDER = "cifar-10-batches-py"
CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


def read_cifar_batch(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """One batch: X (N, 3, 32, 32) uint8 (channels first), y (N,) int64."""
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    try:
        data, labels = batch[b"data"], batch[b"labels"]
    except (KeyError, TypeError):
        raise ValueError(f"{path} is not a CIFAR-10 batch (no b'data' and b'labels')") from None
    data = np.asarray(data, dtype=np.uint8)
    if data.ndim != 2 or data.shape[1] != 3072 or len(labels) != len(data):
        raise ValueError(f"{path}: expected data of shape (N, 3072) and N labels, "
                         f"got {data.shape} and {len(labels)} labels")
    return data.reshape(-1, 3, 32, 32), np.asarray(labels, dtype=np.int64)


def extract(archive: str | Path, directory: str | Path) -> Path:
    """Extract the archive into ``directory`` (refusing members that would land outside it)."""
    directory = Path(directory).resolve()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            target = (directory / member.name).resolve()
            if member.name.startswith("/") or not target.is_relative_to(directory) \
                    or member.issym() or member.islnk():
                raise ValueError(f"{archive}: refusing the unsafe member {member.name!r}")
        tar.extractall(directory, filter="data")
    return directory / FOLDER


def load_cifar10_batches(directory: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train (50000, 3, 32, 32), y_train, X_test (10000, 3, 32, 32), y_test from the batch files."""
    directory = Path(directory)
    parts = [read_cifar_batch(directory / f"data_batch_{i}") for i in range(1, 6)]
    X_test, y_test = read_cifar_batch(directory / "test_batch")
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), X_test, y_test)
