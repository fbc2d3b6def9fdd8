"""Mini-batches: a seeded shuffle, then consecutive slices.

Chapter: Multilayer perceptrons, section "Training an MLP on handwritten digits".
:func:`iterate_minibatches` is the one implementation; :class:`BatchLoader` only remembers its
arguments and a generator, so that every ``for`` loop over it is a new epoch.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from nnbook import _validate as check


def _check(X, y, batch_size: int, where: str) -> tuple[np.ndarray, np.ndarray]:
    X, y = check.array(X, "X", where), check.array(y, "y", where)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{where}: X and y must be arrays with one sample per row, "
                         f"got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{where}: X has {len(X)} samples but y has {len(y)}; "
                         "they must have the same length")
    check.positive_int(batch_size, "batch_size", where)
    return X, y


def iterate_minibatches(X: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True,
                        drop_last: bool = False,
                        rng: int | np.random.Generator | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(X_batch, y_batch)`` covering every sample once (one epoch).

    Parameters
    ----------
    X : array of shape (N, ...)
    y : array of shape (N, ...)
    batch_size : the number of samples B per batch; the last batch has N mod B of them
        (if that is not 0) unless ``drop_last`` skips it.
    shuffle : visit the samples in an order drawn from ``rng`` (the same seed gives the same
        batches); otherwise in their stored order.
    rng : a seed or a ``numpy.random.Generator`` (which advances, so the next call shuffles anew).

    Yields
    ------
    X_batch (B, ...), y_batch (B, ...).

    The arguments are checked at the call, before the first batch is asked for.
    """
    where = "iterate_minibatches"
    X, y = _check(X, y, batch_size, where)
    N = len(X)
    shuffle, drop_last = check.flag(shuffle, "shuffle", where), check.flag(drop_last, "drop_last", where)
    order = check.rng(rng, "rng", where).permutation(N) if shuffle else np.arange(N)
    stop = N - N % batch_size if drop_last else N

    def batches() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, stop, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], y[idx]

    return batches()


class BatchLoader:
    """Re-iterable mini-batches: each ``for`` loop is a new epoch with a new shuffle.

    The shuffles come from one generator made from ``rng`` at construction, so two loaders with
    the same seed produce the same sequence of epochs. ``len(loader)`` is the number of batches
    per epoch: ceil(N / B), or floor(N / B) with ``drop_last``. Shapes as in
    :func:`iterate_minibatches`.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True,
                 drop_last: bool = False, rng: int | np.random.Generator | None = None):
        self.X, self.y = _check(X, y, batch_size, "BatchLoader")
        self.batch_size = int(batch_size)
        self.shuffle = check.flag(shuffle, "shuffle", "BatchLoader")
        self.drop_last = check.flag(drop_last, "drop_last", "BatchLoader")
        self.rng = check.rng(rng, "rng", "BatchLoader")

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        return iterate_minibatches(self.X, self.y, self.batch_size, shuffle=self.shuffle,
                                   drop_last=self.drop_last, rng=self.rng)

    def __len__(self) -> int:
        N = len(self.X)
        return N // self.batch_size if self.drop_last else -(-N // self.batch_size)

    def __repr__(self) -> str:
        return (f"BatchLoader(N={len(self.X)}, batch_size={self.batch_size}, shuffle={self.shuffle}, "
                f"drop_last={self.drop_last}, batches={len(self)})")
