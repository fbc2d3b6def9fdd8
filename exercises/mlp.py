# Generated from solutions/mlp.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=mlp`.
"""Exercises of the chapter "Multilayer perceptrons".

The losses and metrics are functions; a *predict* exercise is a function that returns your
numeric answer. Write vectorised numpy (no Python loops over samples), keep the input's dtype,
and never modify an input array in place. Grade your work with ``make grade CHAPTER=mlp`` or
one exercise with ``make grade EXERCISE=2.1``.

Shapes use fixed letters: N samples, D features, H hidden units, C classes.
"""
from __future__ import annotations

import numpy as np


# --- Exercise 2.1: SVM (hinge) loss (2 points) ----------------------------------------------------
# derive · ★★☆ · about 35 minutes
# Task: Write the multiclass SVM (hinge) loss, and derive and implement its gradient with respect to
# the scores, vectorised.
# Taught in book/mlp/01_digits.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.1`). Grade it with `make grade EXERCISE=2.1`.

def svm_loss(scores: np.ndarray, y: np.ndarray, margin: float = 1.0) -> tuple[float, np.ndarray]:
    r"""The multiclass SVM loss (Weston & Watkins; CS231n) and its gradient.

    .. math:: L = \frac1N \sum_n \sum_{j \ne y_n} \max\big(0,\ s_{nj} - s_{n y_n} + \Delta\big)

    with Δ = ``margin``.

    Parameters: scores (N, C); y (N,) integer labels in [0, C); margin Δ > 0.
    Returns ``(loss, dscores)``: L as a Python float, and dscores = ∂L/∂scores, an (N, C) array
    in the dtype of scores, which you derive.
    """
    raise NotImplementedError("Exercise 2.1 (SVM (hinge) loss): implement svm_loss")


# --- Exercise 2.2: Predict: the size of an MLP (1 point) ------------------------------------------
# predict · ★☆☆ · about 10 minutes
# Task: Before building it: predict how many numbers the optimizer updates in an MLP 784 → 256 → 128
# → 10 (two ReLU hidden layers).
# Taught in book/mlp/01_digits.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.2`). Grade it with `make grade EXERCISE=2.2`.

def predict_mlp_parameters() -> int:
    r"""Predict, before you build it: the number of trainable numbers of an MLP.

    The network maps 784 pixels (a 28 × 28 MNIST image) through two hidden layers of 256 and 128
    ReLU units to 10 class scores: ``Sequential(Linear(784, 256), ReLU(), Linear(256, 128),
    ReLU(), Linear(128, 10))`` as in the chapter. Return how many numbers its optimizer updates
    at every step, as a Python int.
    """
    raise NotImplementedError("Exercise 2.2 (Predict: the size of an MLP): implement predict_mlp_parameters")


# --- Exercise 2.3: MLP of any depth (4 points) ----------------------------------------------------
# implement · ★★★ · about 60 minutes
# Task: Write the loss and every gradient of a ReLU network of any depth, given as a dict of
# parameters, with an L2 penalty on the weights.
# Taught in book/mlp/01_digits.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.3`). Grade it with `make grade EXERCISE=2.3`.

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
    raise NotImplementedError("Exercise 2.3 (MLP of any depth): implement mlp_loss")


# --- Exercise 2.4: Top-k accuracy (1 point) -------------------------------------------------------
# implement · ★☆☆ · about 15 minutes
# Task: Compute the top-k accuracy of a batch of scores, with ties resolved in the sample's favour.
# Taught in book/mlp/01_digits.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.4`). Grade it with `make grade EXERCISE=2.4`.

def top_k_accuracy(scores: np.ndarray, y: np.ndarray, k: int = 5) -> float:
    r"""The fraction of samples whose true class is among the k highest scores.

    Sample n counts when fewer than k classes score *strictly* higher than its true class:
    :math:`\#\{j : s_{nj} > s_{n y_n}\} < k` (so ties are resolved in the sample's favour).

    Parameters: scores (N, C); y (N,) labels in [0, C); k an integer in [1, C] — otherwise
    raise a ValueError that names k and C. Returns a Python float in [0, 1].
    """
    raise NotImplementedError("Exercise 2.4 (Top-k accuracy): implement top_k_accuracy")


# --- Exercise 2.5: ROC curve (2 points) -----------------------------------------------------------
# implement · ★★☆ · about 35 minutes
# Task: Compute every point of a binary classifier's ROC curve, one per distinct score, with tied
# scores moving together.
# Taught in book/mlp/03_moons_roc.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.5`). Grade it with `make grade EXERCISE=2.5`.

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
    raise NotImplementedError("Exercise 2.5 (ROC curve): implement roc_points")


# --- Exercise 2.6: Confusion matrix, debugged (2 points) ------------------------------------------
# debug · ★★☆ · about 20 minutes
# Task: The given confusion_counts validates its input and returns a (C, C) integer matrix, but its
# counts are wrong on most real inputs. Find the bug and fix it.
# Taught in book/mlp/01_digits.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 2.6`). Grade it with `make grade EXERCISE=2.6`.

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
    M[y_true, y_pred] += 1
    return M
