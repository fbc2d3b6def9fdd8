"""Exercises of the chapter "Multilayer perceptrons".

Batch normalization is a layer (a subclass of ``nnbook.layers.Layer``: check it with
``nnbook.gradcheck.check_layer``, use it in a ``Sequential``; its ``backward`` adds into the
parameters' ``.grad``); the losses and metrics are functions. Write vectorised numpy (no Python
loops over samples), keep the input's dtype, and never modify an input array in place. Grade your work with ``make grade CHAPTER=mlp`` or one exercise with
``make grade EXERCISE=2.1``.

Shapes use fixed letters: N samples, D features, H hidden units, C classes.
"""
from __future__ import annotations

import numpy as np

from nnbook.layers import Layer, Parameter


def svm_loss(scores: np.ndarray, y: np.ndarray, margin: float = 1.0) -> tuple[float, np.ndarray]:
    r"""The multiclass SVM loss (Weston & Watkins; CS231n) and its gradient.

    .. math:: L = \frac1N \sum_n \sum_{j \ne y_n} \max\big(0,\ s_{nj} - s_{n y_n} + \Delta\big)

    with Δ = ``margin``.

    Parameters: scores (N, C); y (N,) integer labels in [0, C); margin Δ > 0.
    Returns ``(loss, dscores)``: L as a Python float, and dscores = ∂L/∂scores, an (N, C) array
    in the dtype of scores, which you derive.
    """
    # BEGIN SOLUTION
    N = scores.shape[0]
    rows = np.arange(N)
    margins = np.maximum(0, scores - scores[rows, y][:, None] + margin)
    margins[rows, y] = 0
    loss = margins.sum() / N
    violated = (margins > 0).astype(scores.dtype)
    violated[rows, y] = -violated.sum(axis=1)
    return float(loss), violated / N
    # END SOLUTION


class BatchNorm(Layer):
    r"""Batch normalization of (N, D) features (Ioffe & Szegedy, 2015), as a layer.

    In training mode (``self.training``, the default) with the batch's statistics,

    .. math:: \mu = \frac1N \sum_n x_n, \quad \sigma^2 = \frac1N \sum_n (x_n - \mu)^2, \quad
              \hat x_n = \frac{x_n - \mu}{\sqrt{\sigma^2 + \epsilon}}, \quad
              \mathrm{out}_n = \gamma \odot \hat x_n + \beta

    (the biased variance, 1/N), and the running statistics are updated with ρ = ``momentum``:
    ``running_mean = ρ running_mean + (1 − ρ) μ``, ``running_var = ρ running_var + (1 − ρ) σ²``
    (CS231n's convention). In evaluation mode (after ``eval()``) μ and σ² are the running
    statistics and nothing is updated.

    ``backward(dout)`` adds :math:`\partial L/\partial\gamma = \sum_n \mathrm{dout}_n \odot \hat x_n` and
    :math:`\partial L/\partial\beta = \sum_n \mathrm{dout}_n` into ``gamma.grad`` and ``beta.grad`` and
    returns dx. In training mode μ and σ² depend on every sample, so each x_n's gradient has
    three parts; simplified,

    .. math:: \frac{\partial L}{\partial x_n} = \frac{\gamma}{N\sqrt{\sigma^2+\epsilon}}
              \Big(N\,\mathrm{dout}_n - \sum_m \mathrm{dout}_m
              - \hat x_n \sum_m \mathrm{dout}_m \odot \hat x_m\Big)

    In evaluation mode μ and σ² are constants: :math:`\partial L/\partial x_n = \gamma \odot
    \mathrm{dout}_n / \sqrt{\sigma^2+\epsilon}`. When ``needs_input_grad`` is False, return None.

    Parameters ``gamma`` (ones) and ``beta`` (zeros), buffers ``running_mean`` (zeros) and
    ``running_var`` (ones), all (D,) in ``dtype``.
    """

    def __init__(self, D: int, *, eps: float = 1e-5, momentum: float = 0.9, dtype=np.float64):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.gamma = Parameter(np.ones(D, dtype=dtype))
        self.beta = Parameter(np.zeros(D, dtype=dtype))
        self.register_buffer("running_mean", np.zeros(D, dtype=dtype))
        self.register_buffer("running_var", np.ones(D, dtype=dtype))

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        if self.training:
            mu, var = x.mean(axis=0), x.var(axis=0)
            rho = self.momentum
            self.running_mean = (rho * self.running_mean + (1 - rho) * mu).astype(x.dtype, copy=False)
            self.running_var = (rho * self.running_var + (1 - rho) * var).astype(x.dtype, copy=False)
        else:
            mu, var = self.running_mean, self.running_var
        inv_std = 1 / np.sqrt(var + self.eps)
        xhat = (x - mu) * inv_std
        self._xhat, self._inv_std, self._batch_stats = xhat, inv_std, self.training
        return (self.gamma.value * xhat + self.beta.value).astype(x.dtype, copy=False)
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        # BEGIN SOLUTION
        xhat, inv_std, gamma = self._xhat, self._inv_std, self.gamma.value
        dbeta = dout.sum(axis=0)
        dgamma = (dout * xhat).sum(axis=0)
        self.beta.grad += dbeta
        self.gamma.grad += dgamma
        if not self.needs_input_grad:
            return None
        if not self._batch_stats:
            return (dout * gamma * inv_std).astype(dout.dtype, copy=False)
        N = dout.shape[0]
        return (gamma * inv_std / N * (N * dout - dbeta - xhat * dgamma)).astype(dout.dtype, copy=False)
        # END SOLUTION


def mlp_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None = None,
             reg: float = 0.0):
    r"""Loss and gradients of an MLP of any depth L (CS231n's FullyConnectedNet).

    .. math:: h_0 = X, \quad h_l = \mathrm{ReLU}(h_{l-1} W_l + b_l) \ (l < L), \quad
              s = h_{L-1} W_L + b_L

    then softmax cross-entropy plus :math:`\frac{\lambda}{2}\sum_l \lVert W_l\rVert^2`
    (biases are not penalised).

    Parameters
    ----------
    params : {"W1": (D, H1), "b1": (H1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}; L ≥ 1.
    X : (N, D); y : (N,) labels in [0, C) or None; reg : λ ≥ 0.

    Returns the scores (N, C) if y is None, else ``(loss, grads)`` with grads keyed like params.
    """
    # BEGIN SOLUTION
    L = len(params) // 2
    hs, h = [X], X
    for layer in range(1, L + 1):
        h = h @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < L:
            h = np.maximum(h, 0)
        hs.append(h)
    scores = h
    if y is None:
        return scores
    N = X.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(N), y].mean()
    loss += 0.5 * reg * sum(np.sum(params[f"W{layer}"] ** 2) for layer in range(1, L + 1))

    grads = {}
    dh = np.exp(log_p)
    dh[np.arange(N), y] -= 1
    dh /= N
    for layer in range(L, 0, -1):
        if layer < L:
            dh = dh * (hs[layer] > 0)                   # through the ReLU of layer `layer`
        grads[f"W{layer}"] = hs[layer - 1].T @ dh + reg * params[f"W{layer}"]
        grads[f"b{layer}"] = dh.sum(axis=0)
        dh = dh @ params[f"W{layer}"].T
    return float(loss), grads
    # END SOLUTION


def top_k_accuracy(scores: np.ndarray, y: np.ndarray, k: int = 5) -> float:
    r"""The fraction of samples whose true class is among the k highest scores.

    Sample n counts when fewer than k classes score *strictly* higher than its true class:
    :math:`\#\{j : s_{nj} > s_{n y_n}\} < k` (so ties are resolved in the sample's favour).

    Parameters: scores (N, C); y (N,) labels in [0, C); k an integer in [1, C] — otherwise
    raise a ValueError that names k and C. Returns a Python float in [0, 1].
    """
    # BEGIN SOLUTION
    C = scores.shape[1]
    if not 1 <= k <= C:
        raise ValueError(f"k must be in [1, {C}] for {C} classes, got k={k}")
    true_scores = scores[np.arange(scores.shape[0]), y][:, None]
    higher = (scores > true_scores).sum(axis=1)
    return float(np.mean(higher < k))
    # END SOLUTION


def roc_points(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Every point of the ROC curve of a binary classifier.

    For each threshold t among the distinct scores, in decreasing order, predict positive when
    score ≥ t:

    .. math:: \mathrm{TPR}(t) = \frac{\#\{n: s_n \ge t,\ y_n = 1\}}{\#\{y_n = 1\}}, \qquad
              \mathrm{FPR}(t) = \frac{\#\{n: s_n \ge t,\ y_n = 0\}}{\#\{y_n = 0\}}

    Prepend the threshold +inf (nothing predicted positive: the point (0, 0)). Samples with
    equal scores change the curve together, in one step (as
    ``sklearn.metrics.roc_curve(..., drop_intermediate=False)``).

    Parameters: y_true (N,) in {0, 1}; scores (N,). Both classes must be present, otherwise
    raise a ValueError. Returns ``(fpr, tpr, thresholds)``, three float64 arrays of length
    1 + the number of distinct scores.
    """
    # BEGIN SOLUTION
    y_true = np.asarray(y_true)
    positives, negatives = np.sum(y_true == 1), np.sum(y_true == 0)
    if positives == 0 or negatives == 0:
        raise ValueError("the ROC curve needs both classes in y_true, "
                         f"got {positives} positive and {negatives} negative samples")
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], y_true[order]
    last_of_tie = np.r_[s[1:] != s[:-1], True]          # the end of each run of equal scores
    tp = np.cumsum(t == 1)[last_of_tie]
    fp = np.cumsum(t == 0)[last_of_tie]
    fpr = np.r_[0.0, fp / negatives]
    tpr = np.r_[0.0, tp / positives]
    thresholds = np.r_[np.inf, s[last_of_tie]].astype(np.float64)
    return fpr, tpr, thresholds
    # END SOLUTION
