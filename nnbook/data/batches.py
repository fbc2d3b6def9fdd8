"""Mini-batches: a seeded shuffle, then consecutive slices.

Chapter: Multilayer perceptrons, section "Training an MLP on handwritten digits".
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def _check(X, y, batch_size: int, where: str) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"{where}: X has {len(X)} samples but y has {len(y)}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(f"{where}: batch_size must be a positive integer, got {batch_size!r}")
    return X, y


def iterate_minibatches(X: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True,
                        drop_last: bool = False,
                        rng: int | np.random.Generator | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` covering every sample once: X (N, ...) and y (N, ...).

    With ``shuffle`` the order is a permutation drawn from ``rng`` (the same seed gives the same
    batches); ``drop_last`` skips a final batch smaller than ``batch_size``.
    """
    X, y = _check(X, y, batch_size, "iterate_minibatches")
    N = len(X)
    order = np.random.default_rng(rng).permutation(N) if shuffle else np.arange(N)
    stop = N - N % batch_size if drop_last else N
    for start in range(0, stop, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


class BatchLoader:
    """Re-iterable mini-batches: each ``for`` loop is a new epoch with a new shuffle.

    ``len(loader)`` is the number of batches per epoch.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True,
                 drop_last: bool = False, rng: int | np.random.Generator | None = None):
        self.X, self.y = _check(X, y, batch_size, "BatchLoader")
        self.batch_size, self.shuffle, self.drop_last = int(batch_size), shuffle, drop_last
        self.rng = np.random.default_rng(rng)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return iterate_minibatches(self.X, self.y, self.batch_size, shuffle=self.shuffle,
                                   drop_last=self.drop_last, rng=self.rng)

    def __len__(self) -> int:
        N = len(self.X)
        return N // self.batch_size if self.drop_last else -(-N // self.batch_size)
