"""Exercises of the chapter "Multilayer perceptrons".

The losses and metrics are functions; a *predict* exercise is a function that returns your
numeric answer. Write vectorised numpy (no Python loops over samples), keep the input's dtype,
and never modify an input array in place. Grade your work with ``make grade CHAPTER=mlp`` or
one exercise with ``make grade EXERCISE=2.1``.

Shapes use fixed letters: N samples, D features, H hidden units, C classes.
"""
from __future__ import annotations

import numpy as np


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


def predict_mlp_parameters() -> int:
    r"""Predict, before you build it: the number of trainable numbers of an MLP.

    The network maps 784 pixels (a 28 × 28 MNIST image) through two hidden layers of 256 and 128
    ReLU units to 10 class scores: ``Sequential(Linear(784, 256), ReLU(), Linear(256, 128),
    ReLU(), Linear(128, 10))`` as in the chapter. Return how many numbers its optimizer updates
    at every step, as a Python int.
    """
    # BEGIN SOLUTION
    sizes = [784, 256, 128, 10]
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))    # W (a, b) and b (b,) per layer
    # END SOLUTION


def mlp_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None = None,
             reg: float = 0.0):
    r"""Loss and gradients of an MLP of any depth L (CS231n's FullyConnectedNet).

    .. math:: h_0 = X, \quad h_l = \mathrm{ReLU}(h_{l-1} W_l + b_l) \ (l < L), \quad
              s = h_{L-1} W_L + b_L

    then the softmax cross-entropy averaged over the N samples (the value of
    ``nnbook.losses.SoftmaxCrossEntropy``) plus
    :math:`\frac{\lambda}{2}\sum_l \lVert W_l\rVert^2` (biases are not penalised).

    Parameters
    ----------
    params : {"W1": (D, H1), "b1": (H1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}; L ≥ 1.
    X : (N, D); y : (N,) labels in [0, C) or None; reg : λ ≥ 0.

    Returns the scores (N, C) if y is None, else ``(loss, grads)``: loss a Python float, grads
    keyed like params, each shaped like its parameter.
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


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray, C: int) -> np.ndarray:
    r"""The confusion matrix of a classifier: M[i, j] counts the samples of class i predicted as j.

    .. math:: M_{ij} = \#\{n : y_n = i,\ \hat y_n = j\}

    Parameters: y_true (N,) and y_pred (N,) integer labels in [0, C); C the number of classes.
    A label outside [0, C), or y_true and y_pred of different lengths, raise a ValueError.
    Returns M, a (C, C) int64 array whose entries sum to N (rows: true classes; columns:
    predictions).

    The code below runs and returns a (C, C) matrix of the right kind, but its counts are wrong
    on most inputs: find the bug and fix it.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of the same length, got shapes "
                         f"{y_true.shape} and {y_pred.shape}")
    for name, labels in (("y_true", y_true), ("y_pred", y_pred)):
        if labels.size and (labels.min() < 0 or labels.max() >= C):
            raise ValueError(f"{name} must hold labels in [0, {C}), got {labels.min()} ... {labels.max()}")
    M = np.zeros((C, C), dtype=np.int64)
    # BEGIN SOLUTION
    np.add.at(M, (y_true, y_pred), 1)
    # BEGIN STUB
    # M[y_true, y_pred] += 1
    # END STUB
    # END SOLUTION
    return M
