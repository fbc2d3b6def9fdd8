"""Built-in datasets (always available, offline), splits and standardization.

Chapter: Multilayer perceptrons. Real downloads (MNIST, Fashion-MNIST, CIFAR-10) live in
:mod:`nnbook.data.download`; :func:`load` reaches all of them by name.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from nnbook import _validate as check

Rng = int | np.random.Generator | None


def load_digits(*, dtype=np.float64, flatten: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's handwritten digits: X (1797, 64) in [0, 1] (8×8 images, row by row), y (1797,).

    With ``flatten=False`` X holds images (1797, 1, 8, 8), laid out (N, C, H, W)."""
    from sklearn.datasets import load_digits as sklearn_digits

    dtype = check.float_dtype(dtype, "dtype", "load_digits")
    flatten = check.flag(flatten, "flatten", "load_digits")
    digits = sklearn_digits()
    X = (digits.data / 16.0).astype(dtype)
    return (X if flatten else X.reshape(-1, 1, 8, 8)), digits.target.astype(np.int64)


def _count(n, what: str, where: str) -> int:
    return check.positive_int(n, what, where)


def _scale(value, what: str, where: str) -> float:
    return check.number(value, what, where, low=0)


def make_moons(n: int, *, noise: float = 0.1, rotate: float = 0.0, rng: Rng = None,
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, shuffled: X (N, 2), y (N,) in {0, 1} with N = ``n``.

    Moon 0 is the upper half of the unit circle, moon 1 the lower half shifted to (1, 0.5); then
    Gaussian noise of standard deviation ``noise`` is added and the whole set is rotated by
    ``rotate`` radians about its centre (0.5, 0.25). Same points as scikit-learn's ``make_moons``
    up to the random draws.
    """
    n = _count(n, "the number of samples n", "make_moons")
    noise = _scale(noise, "noise", "make_moons")
    rotate = check.number(rotate, "rotate (an angle in radians)", "make_moons")
    dtype = check.float_dtype(dtype, "dtype", "make_moons")
    r = check.rng(rng, "rng", "make_moons")
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
    r"""CS231n's spiral data: ``classes`` arms, X (N, 2), y (N,) with N = ``n``, sorted by class.

    Arm k has radii :math:`r` evenly spaced in [0, 1] and angles :math:`\theta` evenly spaced
    in [4k, 4(k + 1)] plus Gaussian noise of standard deviation ``noise``; a point is
    :math:`(r \sin\theta, r \cos\theta)`. When ``classes`` does not divide ``n``, the first
    n mod ``classes`` arms get one point more.
    """
    n = _count(n, "the number of samples n", "make_spirals")
    classes = _count(classes, "classes", "make_spirals")
    noise = _scale(noise, "noise", "make_spirals")
    dtype = check.float_dtype(dtype, "dtype", "make_spirals")
    r = check.rng(rng, "rng", "make_spirals")
    X, y = [], []
    for k in range(classes):
        per = n // classes + (k < n % classes)
        radius = np.linspace(0.0, 1.0, per)
        theta = np.linspace(k * 4, (k + 1) * 4, per) + noise * r.standard_normal(per)
        X.append(np.c_[radius * np.sin(theta), radius * np.cos(theta)])
        y.append(np.full(per, k, np.int64))
    return np.concatenate(X).astype(dtype), np.concatenate(y)


def make_blobs(n: int, *, centers: int = 3, std: float = 1.0, rng: Rng = None,
               dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs: X (N, 2), y (N,) with N = ``n``; sample i belongs to blob i mod ``centers``.

    The centres are drawn uniformly from [-5, 5]², the points around them with standard
    deviation ``std``.
    """
    n = _count(n, "the number of samples n", "make_blobs")
    centers = _count(centers, "centers", "make_blobs")
    std = _scale(std, "std", "make_blobs")
    dtype = check.float_dtype(dtype, "dtype", "make_blobs")
    r = check.rng(rng, "rng", "make_blobs")
    mu = r.uniform(-5, 5, (centers, 2))
    y = np.arange(n) % centers
    X = mu[y] + std * r.standard_normal((n, 2))
    return X.astype(dtype), y.astype(np.int64)


class Split(NamedTuple):
    """Training, validation and test data: X_* (N_*, ...) and y_* (N_*,) for each part."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    def __repr__(self) -> str:
        return (f"Split(train={self.X_train.shape}, val={self.X_val.shape}, test={self.X_test.shape}, "
                f"dtype={self.X_train.dtype})")


def train_val_test_split(X: np.ndarray, y: np.ndarray, *, val: float = 0.15, test: float = 0.15,
                         rng: Rng = None, stratify: bool = True) -> Split:
    """Split X (N, ...) and y (N,) at random into disjoint training, validation and test parts.

    ``val`` and ``test`` are fractions of all samples (each in [0, 1), together < 1): the test
    part gets round(test · N) samples, the validation part round(val · N), training the rest.
    With ``stratify`` each class keeps its proportion in every part, to within about one sample
    per class. The same ``rng`` seed gives the same split.

    How: the samples of each class, in random order, are spread evenly over [0, 1); sorted by
    that position (classes interleaved), the test part takes the first stretch, validation the
    next, training the rest. Without ``stratify`` the order is simply a random permutation.
    """
    where = "train_val_test_split"
    X = check.array(X, "X", where, finite=True)
    y = check.array(y, "y", where, ndim=1)
    if X.ndim == 0:
        raise ValueError(f"{where}: X must be an array of shape (N, ...), got a scalar")
    if len(X) != len(y):
        raise ValueError(f"{where}: X has {len(X)} samples but y has {len(y)}; they must have the same length")
    val = check.number(val, "val (a fraction of the samples)", where, low=0, high=1, high_open=True)
    test = check.number(test, "test (a fraction of the samples)", where, low=0, high=1, high_open=True)
    stratify = check.flag(stratify, "stratify", where)
    r = check.rng(rng, "rng", where)
    N = len(y)
    n_test, n_val = round(test * N), round(val * N)
    if val + test >= 1 or n_test + n_val >= N:
        raise ValueError(f"{where}: val + test = {val + test:g} of {N} samples leaves no training data; "
                         "make their sum smaller")
    if stratify and y.dtype.kind not in "iub" and not np.all(y == np.round(y)):
        raise ValueError(f"{where}: stratify=True needs class labels in y (integers), got fractional "
                         "values; pass stratify=False to split regression targets")
    if stratify:
        position = np.empty(N)
        for c in np.unique(y):
            members = r.permutation(np.flatnonzero(y == c))
            position[members] = (np.arange(len(members)) + r.random()) / len(members)
        order = np.argsort(position, kind="stable")
    else:
        order = r.permutation(N)
    tst, valid, train = (r.permutation(part) for part in np.split(order, [n_test, n_test + n_val]))
    return Split(X[train], y[train], X[valid], y[valid], X[tst], y[tst])


class Standardizer:
    r"""Shift and scale each feature to mean 0 and standard deviation 1: :math:`z = (x - \mu) / \sigma`.

    Fit on the training set only, then transform every set with the training statistics
    ``mean`` (D,) and ``std`` (D,). A feature with :math:`\sigma = 0` (a pixel that is always
    blank) is only shifted: its σ is stored as 1, so it becomes 0 instead of a division by zero.
    Shape: X (N, D); floating input keeps its dtype, integer input becomes float64.
    """

    def __init__(self) -> None:
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None

    def fit(self, X: np.ndarray) -> Standardizer:
        """Store the per-feature mean and standard deviation of X (N, D); returns ``self``."""
        X = check.array(X, "X", "Standardizer.fit", shape=("N", "D"), min_size=1, finite=True,
                        dtype=np.float64)
        self.mean = X.mean(axis=0)
        std = X.std(axis=0)
        self.std = np.where(std > 0, std, 1.0)
        return self

    def _check(self, X, where: str) -> np.ndarray:
        if self.mean is None:
            raise RuntimeError(f"Standardizer.{where} called before fit: fit it on the training set first")
        name = "Z" if where == "inverse_transform" else "X"
        X = check.array(X, name, f"Standardizer.{where}", finite=True)
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"Standardizer was fitted on {len(self.mean)} features, "
                             f"got {name} of shape {X.shape}; transform data with the training set's "
                             "columns, flattened to (N, D) the same way")
        return X

    @staticmethod
    def _dtype(X: np.ndarray) -> np.dtype:
        return X.dtype if np.issubdtype(X.dtype, np.floating) else np.dtype(np.float64)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Z (N, D) = (X - mean) / std, with the statistics of :meth:`fit`."""
        X = self._check(X, "transform")
        return ((X - self.mean) / self.std).astype(self._dtype(X))

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """:meth:`fit` on X (N, D), then :meth:`transform` it."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z: np.ndarray) -> np.ndarray:
        """X (N, D) = Z * std + mean: undoes :meth:`transform`."""
        Z = self._check(Z, "inverse_transform")
        return (Z * self.std + self.mean).astype(self._dtype(Z))

    def __repr__(self) -> str:
        return f"Standardizer({'unfitted' if self.mean is None else f'{len(self.mean)} features'})"


GENERATED = {"moons": make_moons, "spirals": make_spirals, "blobs": make_blobs}
DOWNLOADED = ("mnist", "fashion-mnist", "cifar10")
NAMES = ("digits", *GENERATED, *DOWNLOADED)


def load(name: str, *, val: float = 0.15, test: float = 0.2, n: int = 1000, rng: Rng = 0,
         root: str | Path | None = None, base_url: str | None = None, progress: bool = True,
         dtype=np.float64, flatten: bool = True) -> Split:
    """A dataset by name, as a :class:`Split` with X_* (N_*, D) in ``dtype`` and y_* (N_*,) int64.

    - ``"digits"`` (D = 64) and the generated ``"moons"``, ``"spirals"``, ``"blobs"`` (``n``
      samples, D = 2) are split at random by the fractions ``val`` and ``test``.
    - ``"mnist"``, ``"fashion-mnist"`` (D = 784) and ``"cifar10"`` (D = 3072, in the order
      C, H, W) are downloaded on first use (see :func:`nnbook.data.download.fetch`; ``root``,
      ``base_url`` and ``progress`` go there), flattened and scaled to [0, 1]. They keep their
      official test set, so ``test`` does not apply to them; the validation part (fraction
      ``val``) is carved out of their training set.

    ``flatten=False`` keeps the images as images, X_* (N_*, C, H, W): digits (N, 1, 8, 8),
    MNIST and Fashion-MNIST (N, 1, 28, 28), CIFAR-10 (N, 3, 32, 32). The generated sets are
    points, not images: they are (N, 2) either way. ``dtype`` is float32 or float64.
    Every random choice comes from ``rng`` (default 0: the same split every run).
    """
    where = "load"
    if not isinstance(name, str) or name not in NAMES:
        raise (ValueError if isinstance(name, str) else TypeError)(
            f"load: unknown dataset {name!r}; the datasets are {', '.join(NAMES)} (pass one as name)")
    dtype = check.float_dtype(dtype, "dtype", where)
    flatten = check.flag(flatten, "flatten", where)
    val = check.number(val, "val (a fraction of the samples)", where, low=0, high=1, high_open=True)
    test = check.number(test, "test (a fraction of the samples)", where, low=0, high=1, high_open=True)
    if name == "digits":
        X, y = load_digits(dtype=dtype, flatten=flatten)
        return train_val_test_split(X, y, val=val, test=test, rng=rng)
    if name in GENERATED:
        n = check.positive_int(n, "n (the number of samples)", where)
        r = check.rng(rng, "rng", where)
        X, y = GENERATED[name](n, rng=r, dtype=dtype)
        return train_val_test_split(X, y, val=val, test=test, rng=r)
    check.rng(rng, "rng", where)

    from nnbook.data import download

    if name == "cifar10":
        X_train, y_train, X_test, y_test = download.load_cifar10(root=root, base_url=base_url, progress=progress)
    else:
        X_train, y_train, X_test, y_test = download.load_mnist(root=root, kind=name, base_url=base_url,
                                                               progress=progress)

    def convert(images: np.ndarray) -> np.ndarray:         # (N, ...) uint8 -> [0, 1]
        shape = (-1,) if flatten else (1, *images.shape[1:]) if images.ndim == 3 else images.shape[1:]
        X = images.reshape(len(images), *shape).astype(dtype)   # (N, D) or (N, C, H, W)
        X /= 255
        return X

    # Split the sample numbers, then convert only once: MNIST's training set is 376 MB as float64.
    part = train_val_test_split(np.arange(len(y_train)), y_train, val=val, test=0.0, rng=rng)
    return Split(convert(X_train[part.X_train]), part.y_train, convert(X_train[part.X_val]), part.y_val,
                 convert(X_test), y_test)
