"""The CIFAR-10 "python version" (https://www.cs.toronto.edu/~kriz/cifar.html).

An archive ``cifar-10-python.tar.gz`` holding ``cifar-10-batches-py/`` with five training
batches ``data_batch_1`` .. ``data_batch_5`` and ``test_batch``: pickled dictionaries with
``b"data"``, a (10000, 3072) uint8 array (each row the red, then green, then blue 32×32
plane, row-major), and ``b"labels"``, a list of 10000 integers in [0, 10).

The batches are pickles: only read archives you trust (the download is MD5-checked).
"""
from __future__ import annotations

import pickle
import tarfile
from pathlib import Path

import numpy as np

FOLDER = "cifar-10-batches-py"
CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


def read_cifar_batch(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """One batch file: X (N, 3, 32, 32) uint8 (channels first: C, H, W), y (N,) int64."""
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    try:
        data, labels = batch[b"data"], batch[b"labels"]
    except (KeyError, TypeError):
        raise ValueError(f"{path} is not a CIFAR-10 batch: expected a dict with b'data' and b'labels', "
                         f"got {type(batch).__name__} with keys {list(batch)[:5] if isinstance(batch, dict) else '-'}"
                         ) from None
    data = np.asarray(data, dtype=np.uint8)
    if data.ndim != 2 or data.shape[1] != 3 * 32 * 32 or len(labels) != len(data):
        raise ValueError(f"{path}: expected data of shape (N, 3072) and N labels, "
                         f"got {data.shape} and {len(labels)} labels")
    return data.reshape(-1, 3, 32, 32), np.asarray(labels, dtype=np.int64)


def extract(archive: str | Path, directory: str | Path) -> Path:
    """Extract the archive into ``directory``; return the batch folder inside it.

    Every member must be a plain file or folder landing inside ``directory``: an absolute path,
    a ``..`` component, a link or a device file is refused (ValueError) before anything is written.
    """
    directory = Path(directory).resolve()
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        for member in members:
            target = (directory / member.name).resolve()
            if (member.name.startswith(("/", "\\")) or ".." in Path(member.name).parts
                    or not target.is_relative_to(directory) or not (member.isfile() or member.isdir())):
                raise ValueError(f"{archive}: refusing the unsafe member {member.name!r} "
                                 "(absolute path, '..', link or device file)")
        # The "data" filter (Python ≥ 3.11.4 and backports) checks the same again and drops modes.
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(directory, members=members, **safe)
    if not (directory / FOLDER).is_dir():
        raise ValueError(f"{archive} holds no folder {FOLDER}/: is it the CIFAR-10 python version?")
    return directory / FOLDER


def load_cifar10_batches(directory: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Read the six batch files in ``directory`` (a ``cifar-10-batches-py`` folder).

    Returns X_train (50000, 3, 32, 32) uint8, y_train (50000,) int64, X_test (10000, 3, 32, 32)
    uint8, y_test (10000,) int64.
    """
    directory = Path(directory)
    parts = [read_cifar_batch(directory / f"data_batch_{i}") for i in range(1, 6)]
    X_test, y_test = read_cifar_batch(directory / "test_batch")
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), X_test, y_test
