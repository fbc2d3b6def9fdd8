"""Datasets downloaded on demand: fetched once, checksum-verified, cached.

Chapter: Multilayer perceptrons (the ``DATASET`` switch at the top of its notebooks).

The cache is ``$NNBOOK_DATA`` (default ``~/.cache/nnbook``), one folder per dataset. A file is
downloaded to a temporary name in that folder, its MD5 checked, and only then renamed into
place (atomically), so an interrupted or corrupt download never leaves a file that looks valid.
Offline, the error says which file to get and where to put it. ``$NNBOOK_DATA_URL`` (or
``base_url=``) replaces the server, e.g. with a mirror or a local test server.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnbook.data import cifar, idx


@dataclass(frozen=True)
class Dataset:
    url: str                        # the folder the files are in, ending in "/"
    files: dict[str, str]           # file name -> official MD5


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
    """A dataset file could not be downloaded or failed its checksum."""


def data_home(root: str | Path | None = None) -> Path:
    """The cache: ``root`` if given, else ``$NNBOOK_DATA``, else ``~/.cache/nnbook``."""
    return Path(root or os.environ.get("NNBOOK_DATA") or Path.home() / ".cache" / "nnbook").expanduser()


def md5(path: str | Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, target: Path, expected_md5: str, *, progress: bool, timeout: float) -> None:
    from tqdm.auto import tqdm

    manual = (f"download {url} yourself and place it in {target.parent}/ "
              f"(or set NNBOOK_DATA to a folder holding {target.parent.name}/{target.name})")
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
                    if total is not None and out.tell() != total:
                        raise DownloadError(f"the download of {url} stopped after {out.tell()} of "
                                            f"{total} bytes; try again, or {manual}")
            except (urllib.error.URLError, OSError, ValueError) as exc:
                if isinstance(exc, DownloadError):
                    raise
                reason = getattr(exc, "reason", exc)
                raise DownloadError(f"could not download {url} ({reason}). Offline? Then {manual}") from None
        actual = md5(tmp)
        if actual != expected_md5:
            raise DownloadError(f"{url} failed its checksum: MD5 {actual}, expected {expected_md5}; "
                                f"the file was not kept. Try again, or {manual}")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def fetch(name: str, *, root: str | Path | None = None, files: list[str] | None = None,
          base_url: str | None = None, progress: bool = True, timeout: float = 60.0) -> Path:
    """Make sure the files of dataset ``name`` are in the cache; return its folder.

    A cached file whose MD5 matches is used as it is; a missing or corrupt one is (re)downloaded.
    ``files`` limits the work to some of the dataset's files.
    """
    if name not in REGISTRY:
        raise ValueError(f"unknown dataset {name!r}; the downloadable ones are {', '.join(REGISTRY)}")
    dataset = REGISTRY[name]
    wanted = files if files is not None else list(dataset.files)
    unknown = [f for f in wanted if f not in dataset.files]
    if unknown:
        raise ValueError(f"{name} has no file {unknown[0]!r}; its files are {', '.join(dataset.files)}")
    folder = data_home(root) / name
    folder.mkdir(parents=True, exist_ok=True)
    base = base_url or os.environ.get("NNBOOK_DATA_URL") or dataset.url
    for file in wanted:
        target = folder / file
        if target.exists():
            if md5(target) == dataset.files[file]:
                continue
            if progress:
                print(f"{target} is corrupt (wrong MD5): downloading it again")
            target.unlink()
        _download(base.rstrip("/") + "/" + file, target, dataset.files[file], progress=progress, timeout=timeout)
    return folder


def load_mnist(*, root: str | Path | None = None, kind: str = "mnist", split: str = "all",
               base_url: str | None = None, progress: bool = True):
    """MNIST or Fashion-MNIST (``kind``) as uint8 images (N, 28, 28) and int64 labels (N,).

    ``split="all"`` returns ``(X_train, y_train, X_test, y_test)`` (60,000 and 10,000 images);
    ``"train"`` or ``"test"`` returns ``(X, y)`` for that part only (and downloads only it).
    """
    if kind not in ("mnist", "fashion-mnist"):
        raise ValueError(f"kind must be 'mnist' or 'fashion-mnist', got {kind!r}")
    parts = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
             "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}
    if split not in ("all", *parts):
        raise ValueError(f"split must be 'all', 'train' or 'test', got {split!r}")
    names = list(parts) if split == "all" else [split]
    files = [f for part in names for f in parts[part]]
    folder = fetch(kind, root=root, files=files, base_url=base_url, progress=progress)
    out = []
    for part in names:
        images, labels = (idx.read_idx(folder / f) for f in parts[part])
        if len(images) != len(labels):
            raise ValueError(f"{folder}: {len(images)} images but {len(labels)} labels in the {part} set")
        out += [images, labels.astype(np.int64)]
    return tuple(out)


def load_cifar10(*, root: str | Path | None = None, base_url: str | None = None, progress: bool = True):
    """CIFAR-10: ``(X_train (50000, 3, 32, 32) uint8, y_train, X_test (10000, 3, 32, 32), y_test)``."""
    folder = fetch("cifar10", root=root, base_url=base_url, progress=progress)
    batches = folder / cifar.FOLDER
    if not (batches / "test_batch").exists():
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=".extract-"))
        try:
            extracted = cifar.extract(folder / "cifar-10-python.tar.gz", tmp)
            os.replace(extracted, batches)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return cifar.load_cifar10_batches(batches)
