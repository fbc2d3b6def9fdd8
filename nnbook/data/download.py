"""Datasets downloaded on demand: fetched once, checksum-verified, cached.

Chapter: Multilayer perceptrons (the ``DATASET`` switch at the top of its notebooks).

The cache is :func:`data_home` (``$NNBOOK_DATA``, default ``~/.cache/nnbook``), one folder per
dataset. A file is downloaded to a temporary name in that folder, its MD5 checked, and only
then renamed into place (atomically, ``os.replace``), so an interrupted or corrupt download
never leaves a file under its final name. Offline, the error says which file to get and where
to put it. ``base_url=`` (or ``$NNBOOK_DATA_URL``) replaces the server: a mirror, or the local
test server of ``tests/data``.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnbook import _validate as check

from nnbook.data import cifar, idx


@dataclass(frozen=True)
class Dataset:
    """Where a dataset's files are and their official MD5s."""
    url: str                        # the folder the files are in
    files: dict[str, str]           # file name -> MD5 (hex)


MNIST_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
               "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

REGISTRY: dict[str, Dataset] = {
    "mnist": Dataset("https://ossci-datasets.s3.amazonaws.com/mnist/", dict(zip(MNIST_FILES, (
        "f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
        "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c")))),
    "fashion-mnist": Dataset("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", dict(zip(MNIST_FILES, (
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
        "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83fd310")))),
    "cifar10": Dataset("https://www.cs.toronto.edu/~kriz/",
                       {"cifar-10-python.tar.gz": "c58f30108f718f92721af3b95e74349a"}),
}


class DownloadError(RuntimeError):
    """A dataset file could not be downloaded, or it failed its checksum."""


def data_home(root: str | Path | None = None) -> Path:
    """The cache folder: ``root`` if given, else ``$NNBOOK_DATA``, else ``~/.cache/nnbook``."""
    return Path(root or os.environ.get("NNBOOK_DATA") or Path.home() / ".cache" / "nnbook").expanduser()


def md5(path: str | Path) -> str:
    """The MD5 of a file, as 32 hex digits."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, target: Path, expected_md5: str, *, progress: bool, timeout: float) -> None:
    """Download ``url`` to ``target`` through a temporary file; keep it only if its MD5 matches."""
    from tqdm.auto import tqdm

    manual = f"download {url} yourself and place it in {target.parent}{os.sep}"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    total = int(response.headers.get("Content-Length") or 0) or None
                    with tqdm(total=total, unit="B", unit_scale=True, desc=target.name,
                              disable=not progress, leave=False) as bar:
                        for block in iter(lambda: response.read(1 << 16), b""):
                            out.write(block)
                            bar.update(len(block))
            except urllib.error.HTTPError as exc:
                raise DownloadError(f"could not download {url}: the server answered {exc.code} {exc.reason}. "
                                    f"Check the address, or {manual}") from None
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                reason = getattr(exc, "reason", None) or exc
                raise DownloadError(f"could not download {url} ({reason}). Offline? Then {manual}") from None
            if total is not None and out.tell() != total:
                raise DownloadError(f"the download of {url} stopped after {out.tell()} of {total} bytes "
                                    f"and was not kept; try again, or {manual}")
        actual = md5(tmp)
        if actual != expected_md5:
            raise DownloadError(f"{url} failed its checksum: MD5 {actual}, expected {expected_md5}; "
                                f"the file was not kept. Try again, or {manual}")
        os.chmod(tmp, 0o644)                 # mkstemp made it private; a cache is readable
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def fetch(name: str, *, root: str | Path | None = None, files: Sequence[str] | None = None,
          base_url: str | None = None, progress: bool = True, timeout: float = 60.0) -> Path:
    """Make sure the files of dataset ``name`` are in the cache, verified; return its folder.

    Parameters
    ----------
    name : ``"mnist"``, ``"fashion-mnist"`` or ``"cifar10"``.
    root : the cache (see :func:`data_home`); the files go to ``root/name/``.
    files : only these of the dataset's files (default: all).
    base_url : the server folder to download from instead of the official one
        (default ``$NNBOOK_DATA_URL``, else the official one).
    progress : show a progress bar per download.
    timeout : seconds to wait for the server before giving up.

    A cached file whose MD5 matches is used as it is (no request); a missing one is
    downloaded; a cached one with the wrong MD5 is downloaded again, with a warning.
    Raises :class:`DownloadError` when a file cannot be downloaded or fails its checksum.
    """
    if not isinstance(name, str) or name not in REGISTRY:
        raise (ValueError if isinstance(name, str) else TypeError)(
            f"unknown dataset {name!r}; the downloadable ones are {', '.join(REGISTRY)}")
    progress = check.flag(progress, "progress", "fetch")
    timeout = check.number(timeout, "timeout (seconds)", "fetch", low=0, low_open=True)
    for arg, value in (("root", root), ("base_url", base_url)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise TypeError(f"fetch: {arg} must be a path or None, got {value!r}")
    dataset = REGISTRY[name]
    wanted = [files] if isinstance(files, str) else list(files if files is not None else dataset.files)
    for file in wanted:
        if file not in dataset.files:
            raise ValueError(f"{name} has no file {file!r}; its files are {', '.join(dataset.files)}")
    folder = data_home(root) / name
    folder.mkdir(parents=True, exist_ok=True)
    base = (base_url or os.environ.get("NNBOOK_DATA_URL") or dataset.url).rstrip("/") + "/"
    for file in wanted:
        target = folder / file
        if target.exists():
            actual = md5(target)
            if actual == dataset.files[file]:
                continue
            warnings.warn(f"{target} is corrupt (MD5 {actual}, expected {dataset.files[file]}): "
                          "downloading it again", stacklevel=2)
            target.unlink()
        _download(base + file, target, dataset.files[file], progress=progress, timeout=timeout)
    return folder


MNIST_PARTS = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
               "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def load_mnist(*, root: str | Path | None = None, kind: str = "mnist", split: str = "all",
               base_url: str | None = None, progress: bool = True) -> tuple[np.ndarray, ...]:
    """MNIST or Fashion-MNIST (``kind``), downloaded on first use.

    ``split="all"`` returns ``(X_train, y_train, X_test, y_test)``: X_train (60000, 28, 28)
    and X_test (10000, 28, 28) uint8 images in [0, 255], y (N,) int64 labels in [0, 10).
    ``split="train"`` or ``"test"`` returns ``(X, y)`` of that part only, and downloads only it.
    The other options are those of :func:`fetch`.
    """
    if not isinstance(kind, str) or kind not in ("mnist", "fashion-mnist"):
        raise ValueError(f"kind must be 'mnist' or 'fashion-mnist', got {kind!r}")
    if not isinstance(split, str) or split not in ("all", *MNIST_PARTS):
        raise ValueError(f"split must be 'all', 'train' or 'test', got {split!r}")
    parts = list(MNIST_PARTS) if split == "all" else [split]
    files = [f for part in parts for f in MNIST_PARTS[part]]
    folder = fetch(kind, root=root, files=files, base_url=base_url, progress=progress)
    out: list[np.ndarray] = []
    for part in parts:
        images, labels = (idx.read_idx(folder / f) for f in MNIST_PARTS[part])
        if images.ndim != 3 or len(images) != len(labels):
            raise ValueError(f"{folder}: expected images (N, H, W) and N labels in the {part} set, "
                             f"got {images.shape} and {labels.shape}")
        out += [images, labels.astype(np.int64)]
    return tuple(out)


def load_cifar10(*, root: str | Path | None = None, base_url: str | None = None,
                 progress: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CIFAR-10, downloaded and extracted on first use.

    Returns X_train (50000, 3, 32, 32) uint8, y_train (50000,) int64, X_test (10000, 3, 32, 32)
    uint8, y_test (10000,) int64; class names in :data:`nnbook.data.cifar.CLASSES`.
    The archive is extracted next to itself, into ``cifar-10-batches-py/`` (atomically: a
    temporary folder renamed when complete). The options are those of :func:`fetch`.
    """
    folder = fetch("cifar10", root=root, base_url=base_url, progress=progress)
    batches = folder / cifar.FOLDER
    if not batches.is_dir():
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=".extract-"))
        try:
            os.replace(cifar.extract(folder / "cifar-10-python.tar.gz", tmp), batches)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return cifar.load_cifar10_batches(batches)
