"""Built-in datasets (always available, offline), splits and standardization.

Chapter: Multilayer perceptrons. Real downloads (MNIST, Fashion-MNIST, CIFAR-10) live in
:mod:`nnbook.data.download`; :func:`load` reaches all of them by name.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

Rng = int | np.random.Generator | None


def load_digits(*, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's handwritten digits: X (1797, 64) in [0, 1] (8×8 images, row by row), y (1797,)."""
    from sklearn.datasets import load_digits as sklearn_digits

    digits = sklearn_digits()
    return (digits.data / 16.0).astype(dtype), digits.target.astype(np.int64)


def _count(n, where: str) -> int:
    if not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"{where}: the number of samples must be a positive integer, got {n!r}")
    return int(n)


def make_moons(n: int, *, noise: float = 0.1, rotate: float = 0.0, rng: Rng = None,
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles: X (n, 2), y (n,) in {0, 1}, Gaussian noise of std ``noise``,
    the whole set rotated by ``rotate`` radians about its centre."""
    n = _count(n, "make_moons")
    r = np.random.default_rng(rng)
    n0 = n // 2
    t0, t1 = np.pi * r.random(n0), np.pi * r.random(n - n0)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]])
    X += noise * r.standard_normal(X.shape)
    y = np.r_[np.zeros(n0, np.int64), np.ones(n - n0, np.int64)]
    centre = np.array([0.5, 0.25])
    c, s = np.cos(rotate), np.sin(rotate)
    X = (X - centre) @ np.array([[c, s], [-s, c]]) + centre
    order = r.permutation(n)
    return X[order].astype(dtype), y[order]


def make_spirals(n: int, *, classes: int = 3, noise: float = 0.2, rng: Rng = None,
                 dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """CS231n's spiral data: ``classes`` arms of n // classes points each, X (N, 2), y (N,)."""
    per = _count(n, "make_spirals") // classes
    r = np.random.default_rng(rng)
    X, y = [], []
    for k in range(classes):
        radius = np.linspace(0.0, 1.0, per)
        theta = np.linspace(k * 4, (k + 1) * 4, per) + noise * r.standard_normal(per)
        X.append(np.c_[radius * np.sin(theta), radius * np.cos(theta)])
        y.append(np.full(per, k, np.int64))
    return np.concatenate(X).astype(dtype), np.concatenate(y)


def make_blobs(n: int, *, centers: int = 3, std: float = 1.0, rng: Rng = None,
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs around ``centers`` random centres in [-5, 5]²: X (n, 2), y (n,)."""
    n = _count(n, "make_blobs")
    r = np.random.default_rng(rng)
    mu = r.uniform(-5, 5, (centers, 2))
    y = np.arange(n) % centers
    X = mu[y] + std * r.standard_normal((n, 2))
    return X.astype(dtype), y.astype(np.int64)


class Split(NamedTuple):
    """Training, validation and test data."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def train_val_test_split(X: np.ndarray, y: np.ndarray, *, val: float = 0.15, test: float = 0.15,
                         rng: Rng = None, stratify: bool = True) -> Split:
    """Split (X, y) at random into disjoint training, validation and test parts.

    ``val`` and ``test`` are fractions of all samples (each in [0, 1), together < 1). With
    ``stratify`` every class keeps its proportion in every part (up to rounding).
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_val_test_split: X has {len(X)} samples but y has {len(y)}")
    for name, f in (("val", val), ("test", test)):
        if not 0 <= f < 1:
            raise ValueError(f"train_val_test_split: {name} must be a fraction in [0, 1), got {f!r}")
    if val + test >= 1:
        raise ValueError(f"train_val_test_split: val + test = {val + test:g} leaves no training data")
    r = np.random.default_rng(rng)
    groups = [np.flatnonzero(y == c) for c in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = ([], [], [])
    for idx in groups:
        idx = r.permutation(idx)
        n_test, n_val = round(test * len(idx)), round(val * len(idx))
        parts[2].append(idx[:n_test])
        parts[1].append(idx[n_test:n_test + n_val])
        parts[0].append(idx[n_test + n_val:])
    train, valid, tst = (r.permutation(np.concatenate(p)) for p in parts)
    return Split(X[train], y[train], X[valid], y[valid], X[tst], y[tst])


class Standardizer:
    r"""Shift and scale each feature to mean 0 and standard deviation 1: :math:`(x - \mu) / \sigma`.

    Fit on the training set only, then transform every set with the training statistics.
    Features with :math:`\sigma = 0` (constant pixels) are only shifted: their σ is taken as 1.
    Shape: X (N, D).
    """

    def __init__(self) -> None:
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None

    def fit(self, X: np.ndarray) -> Standardizer:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"Standardizer.fit expects X of shape (N, D) with N ≥ 1, got {X.shape}")
        self.mean = X.mean(axis=0)
        std = X.std(axis=0)
        self.std = np.where(std > 0, std, 1.0)
        return self

    def _check(self, X, where: str) -> np.ndarray:
        if self.mean is None:
            raise RuntimeError(f"Standardizer.{where} called before fit: fit it on the training set first")
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"Standardizer was fitted on {len(self.mean)} features, "
                             f"got X of shape {X.shape}")
        return X

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = self._check(X, "transform")
        dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64
        return ((X - self.mean) / self.std).astype(dtype)

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        Z = self._check(Z, "inverse_transform")
        return (Z * self.std + self.mean).astype(Z.dtype if np.issubdtype(Z.dtype, np.floating) else np.float64)

    def __repr__(self) -> str:
        return f"Standardizer({'unfitted' if self.mean is None else f'{len(self.mean)} features'})"


GENERATED = {"moons": make_moons, "spirals": make_spirals, "blobs": make_blobs}
DOWNLOADED = ("mnist", "fashion-mnist", "cifar10")
NAMES = ("digits", *GENERATED, *DOWNLOADED)


def load(name: str, *, val: float = 0.15, test: float = 0.2, n: int = 1000, root: str | Path | None = None,
         rng: Rng = 0, dtype=np.float64, progress: bool = True) -> Split:
    """A dataset by name, split into training, validation and test parts.

    ``"digits"`` and the generated sets (``"moons"``, ``"spirals"``, ``"blobs"``, ``n`` samples) are
    split by the fractions ``val`` and ``test``. The downloaded sets (``"mnist"``,
    ``"fashion-mnist"``, ``"cifar10"``) keep their official test set and carve the validation
    part (fraction ``val``) out of their training set; their images are flattened to (N, D) and
    scaled to [0, 1] (CIFAR-10 keeps the channel-first order C, H, W).
    """
    if name == "digits":
        X, y = load_digits(dtype=dtype)
        return train_val_test_split(X, y, val=val, test=test, rng=rng)
    if name in GENERATED:
        X, y = GENERATED[name](n, rng=rng, dtype=dtype)
        return train_val_test_split(X, y, val=val, test=test, rng=rng)
    if name in DOWNLOADED:
        from nnbook.data import download

        if name == "cifar10":
            X_train, y_train, X_test, y_test = download.load_cifar10(root=root, progress=progress)
        else:
            X_train, y_train, X_test, y_test = download.load_mnist(root=root, kind=name, progress=progress)
        flat = lambda A: (A.reshape(len(A), -1) / 255.0).astype(dtype)    # noqa: E731
        X_train, X_test = flat(X_train), flat(X_test)
        part = train_val_test_split(X_train, y_train, val=val, test=0.0, rng=rng)
        return Split(part.X_train, part.y_train, part.X_val, part.y_val, X_test, y_test)
    raise ValueError(f"unknown dataset {name!r}; the datasets are {', '.join(NAMES)}")
