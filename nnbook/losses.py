"""Losses: ``forward(scores, y)`` gives the mean loss over the batch, ``backward()`` its gradient.

Chapter: Backpropagation. The gradient is for the *mean* loss, so it carries the 1/N.
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check

from nnbook.layers import sigmoid


class Loss:
    """``forward(scores, y) -> float`` (mean over the batch), then ``backward() -> dscores``
    with the shape and dtype of ``scores``."""

    def forward(self, scores: np.ndarray, y: np.ndarray) -> float:
        raise NotImplementedError

    def backward(self) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, scores: np.ndarray, y: np.ndarray) -> float:
        return self.forward(scores, y)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _cached(self, name: str):
        value = getattr(self, name, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        return value


def _float_scores(scores, loss: str, where: str | None = None) -> np.ndarray:
    scores = check.array(scores, "scores", where or f"{loss}.forward")
    if not np.issubdtype(scores.dtype, np.floating):
        raise TypeError(f"{loss} expects floating-point scores, got dtype {scores.dtype}")
    if scores.size == 0:
        raise ValueError(f"{loss} got an empty batch of scores {scores.shape}")
    return scores


def _row_max(x: np.ndarray) -> np.ndarray:
    """``x.max(axis=-1, keepdims=True)``. For a tall (N, C) array with few columns, numpy's
    reduction along the short last axis runs one tiny loop per row; the maximum over the rows of
    the transposed copy is the same numbers (a maximum is exact) in a few vectorised passes."""
    if x.ndim == 2 and x.shape[1] < x.shape[0]:
        return np.ascontiguousarray(x.T).max(axis=0)[:, None]
    return x.max(axis=-1, keepdims=True)


def log_softmax(scores: np.ndarray) -> np.ndarray:
    r""":math:`s_j - \log\sum_k e^{s_k}` along the last axis, shifted by the row maximum so that
    logits of any size (±1e4 and beyond) neither overflow nor give log(0)."""
    if type(scores) is not np.ndarray or scores.dtype.kind != "f" or scores.ndim == 0:
        scores = _float_scores(scores, "log_softmax", "log_softmax")
        if scores.ndim == 0:
            raise ValueError(f"log_softmax: scores must have a last axis (C,) or (N, C), got a scalar")
    shifted = scores - _row_max(scores)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


class SoftmaxCrossEntropy(Loss):
    r"""Softmax followed by the negative log-likelihood, on logits.

    .. math:: L = \frac{1}{N}\sum_n \Big(\log\sum_j e^{s_{nj}} - s_{n y_n}\Big), \qquad
              \frac{\partial L}{\partial s_{nj}} = \frac{1}{N}\big(p_{nj} - [j = y_n]\big)

    Shape: scores (N, C) logits, y (N,) integer labels in [0, C). Same value as
    ``torch.nn.functional.cross_entropy(scores, y)``.
    """

    def forward(self, scores: np.ndarray, y: np.ndarray) -> float:
        scores = _float_scores(scores, "SoftmaxCrossEntropy")
        if scores.ndim != 2:
            raise ValueError(f"SoftmaxCrossEntropy expects scores of shape (N, C), got {scores.shape}")
        N, C = scores.shape
        y = check_labels(y, N, C, "SoftmaxCrossEntropy")
        logp = log_softmax(scores)
        self._p = np.exp(logp)
        self._picked = np.arange(0, N * C, C) + y     # flat index of (n, y_n) in an (N, C) array
        return float(-logp.ravel()[self._picked].mean())

    def backward(self) -> np.ndarray:
        p = self._cached("_p")
        dscores = p.copy()
        dscores.ravel()[self._picked] -= 1            # p - onehot(y)
        dscores /= p.shape[0]
        return dscores


def check_labels(y, N: int, C: int, where: str) -> np.ndarray:
    """Integer labels (N,) in [0, C) (floats that are whole numbers count as their integer), or
    an error saying which label is wrong: a TypeError for labels of another kind (bool, text,
    complex), a ValueError for a fraction or a label out of range."""
    y = check.array(y, "y", where)
    if y.shape != (N,):
        raise ValueError(f"{where} expects labels y of shape ({N},) for {N} samples (the rows of "
                         f"scores), got {y.shape}")
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)):
        raise TypeError(f"{where} expects integer class labels y (0, ..., C-1), got dtype {y.dtype}")
    if np.issubdtype(y.dtype, np.floating):           # 1.0 is class 1; 0.5 is no class
        whole = np.isfinite(y) & (y == np.round(y))
        if not whole.all():
            i = np.flatnonzero(~whole)[0]
            raise ValueError(f"{where} expects integer class labels y (0, ..., C-1), got dtype "
                             f"{y.dtype} with y[{i}] = {y[i]}")
        y = y.astype(np.int64)
    if y.size and (y.min() < 0 or y.max() >= C):
        bad = np.flatnonzero((y < 0) | (y >= C))
        i = bad[0]
        raise ValueError(f"{where}: label y[{i}] = {y[i]} is out of range for {C} classes "
                         f"(labels must be in [0, {C - 1}]); {bad.size} label(s) out of range")
    return y


class MSE(Loss):
    r"""Mean squared error over every element (PyTorch's ``MSELoss()``):

    .. math:: L = \frac{1}{K}\sum_k (s_k - y_k)^2, \qquad \frac{\partial L}{\partial s} = \frac{2}{K}(s - y)

    with K = ``scores.size``. Shape: scores (N, ...) and y of the same shape.
    """

    def forward(self, scores: np.ndarray, y: np.ndarray) -> float:
        scores = _float_scores(scores, "MSE")
        y = check.array(y, "y", "MSE.forward", finite=True)
        if y.shape != scores.shape:
            raise ValueError(f"MSE expects targets y of the same shape as scores {scores.shape}, "
                             f"got {y.shape}")
        self._diff = scores - y.astype(scores.dtype)
        return float(np.mean(self._diff ** 2))

    def backward(self) -> np.ndarray:
        diff = self._cached("_diff")
        return 2 * diff / diff.size


class BinaryCrossEntropy(Loss):
    r"""Sigmoid followed by binary cross-entropy, on logits s with targets y in {0, 1}:

    .. math:: L = \frac{1}{K}\sum_k \big(\max(s_k, 0) - s_k y_k + \log(1 + e^{-|s_k|})\big),
              \qquad \frac{\partial L}{\partial s} = \frac{1}{K}\big(\sigma(s) - y\big)

    the overflow-free form of :math:`-y\log\sigma(s) - (1-y)\log(1-\sigma(s))`
    (PyTorch's ``binary_cross_entropy_with_logits``). Shape: scores (N,) or (N, 1); y the same
    number of elements.
    """

    def forward(self, scores: np.ndarray, y: np.ndarray) -> float:
        scores = _float_scores(scores, "BinaryCrossEntropy")
        y = check.array(y, "y", "BinaryCrossEntropy.forward", finite=True)
        if scores.ndim > 2 or (scores.ndim == 2 and scores.shape[1] != 1):
            raise ValueError(f"BinaryCrossEntropy expects scores of shape (N,) or (N, 1), "
                             f"got {scores.shape}")
        if y.size != scores.size:
            raise ValueError(f"BinaryCrossEntropy expects {scores.size} targets for scores "
                             f"{scores.shape}, got y of shape {y.shape}")
        y = y.reshape(scores.shape).astype(scores.dtype)
        if np.any((y < 0) | (y > 1)):
            raise ValueError("BinaryCrossEntropy expects targets in [0, 1]; got values from "
                             f"{y.min()} to {y.max()}")
        self._s, self._y = scores, y
        loss = np.maximum(scores, 0) - scores * y + np.log1p(np.exp(-np.abs(scores)))
        return float(loss.mean())

    def backward(self) -> np.ndarray:
        s, y = self._cached("_s"), self._y
        return (sigmoid(s) - y) / s.size
