# Generated from solutions/mlp.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=mlp`.
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


# --- Exercise 2.2: Batch normalization (3 points) -------------------------------------------------
# implement · ★☆☆ · about 30 minutes

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
        raise NotImplementedError("Exercise 2.2 (Batch normalization): implement BatchNorm.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError("Exercise 2.2 (Batch normalization): implement BatchNorm.backward")


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

    then softmax cross-entropy plus :math:`\frac{\lambda}{2}\sum_l \lVert W_l\rVert^2`
    (biases are not penalised).

    Parameters
    ----------
    params : {"W1": (D, H1), "b1": (H1,), ..., "WL": (H_{L-1}, C), "bL": (C,)}; L ≥ 1.
    X : (N, D); y : (N,) labels in [0, C) or None; reg : λ ≥ 0.

    Returns the scores (N, C) if y is None, else ``(loss, grads)`` with grads keyed like params.
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
