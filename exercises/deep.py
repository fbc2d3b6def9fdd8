# Generated from solutions/deep.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=deep`.
"""Exercises of the chapter "Deep networks".

The package already has He and Xavier initialisation with the gains of the usual activations,
gradient clipping by norm and by value, ``BatchNorm1d``, ``BatchNorm2d`` and ``LayerNorm``
(``nnbook.norm``) and a gradient-flow diagnostic (``nnbook.gradflow``); these exercises ask for
what lies beside them: predictions about a signal's scale, the backward pass of RMS
normalization, a batch-norm backward pass with a bug in it, group normalization, adaptive
gradient clipping and a residual block whose branch starts switched off.

``GroupNorm`` and ``ReZero`` are layers (subclasses of ``nnbook.layers.Layer``: ``forward``
caches what ``backward`` needs, ``backward`` returns dx and *adds* into each parameter's
``.grad``); the others are functions of arrays.

Write vectorised numpy (no Python loops over samples), keep the dtype of the input (float32 in,
float32 out) and never modify an input array in place. Grade your work with
``make grade CHAPTER=deep`` or one exercise with ``make grade EXERCISE=5.1``.

Shapes use fixed letters: N samples, D input features, M output features (units), C channels,
G groups, H, W image height and width, T positions of a sequence.
"""
from __future__ import annotations

import numpy as np

from nnbook.layers import Layer, Parameter


# --- Exercise 5.1: Predict the signal's scale (2 points) ------------------------------------------
# predict · ★★☆ · about 30 minutes
# Task: Predict, before measuring, how the mean square of the pre-activations changes through 30
# ReLU layers initialised without the ReLU's gain, the gain of a bent activation, and the He
# standard deviation of a convolution in fan-out mode.
# Taught in book/deep/01_signals.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.1`). Grade it with `make grade EXERCISE=5.1`.

def signal_predictions() -> dict[str, float]:
    r"""Your predictions, made with pen and paper before you measure anything.

    Return a dict with these three keys, each a float:

    ``"relu_ratio"``
        A stack of 30 layers :math:`z_l = h_{l-1} W_l`, :math:`h_l = \mathrm{relu}(z_l)`, width
        256, no biases, every :math:`W_l` drawn from :math:`\mathcal{N}(0, 1/256)` (gain 1: the
        ReLU's factor forgotten), input :math:`h_0` standard normal. Predict the ratio
        :math:`E[z_{30}^2] / E[z_1^2]` of the mean squared pre-activations of the last and the
        first layer.
    ``"bent_gain"``
        The activation :math:`f(x) = x` for :math:`x > 0` and :math:`f(x) = -x/2` for
        :math:`x \le 0`. Predict the gain g for which weights :math:`\mathcal{N}(0, g^2 / n_{in})`
        keep the mean square of the pre-activations from layer to layer.
    ``"conv_std"``
        The standard deviation of He initialisation in ``mode="fan_out"`` (ReLU's gain) for a
        ``Conv2d`` with 16 input channels, 32 filters and 5 × 5 kernels, weights (F, C, HH, WW).

    Graded within 2 % of the exact values. Then measure each one in the chapter's notebook.
    """
    raise NotImplementedError("Exercise 5.1 (Predict the signal's scale): implement signal_predictions")


def rmsnorm_forward(x: np.ndarray, g: np.ndarray, eps: float = 1e-6):
    r"""RMS normalization (Zhang & Sennrich, 2019) over the last axis, given to you complete:

    .. math:: r = \sqrt{\tfrac{1}{D}\textstyle\sum_d x_d^2 + \epsilon}, \qquad
              \mathrm{out} = g \odot x / r

    (layer normalization without the mean and without β). ``x`` (..., D), e.g. (N, D) or
    (N, T, D); ``g`` (D,). Returns ``(out, cache)`` with out shaped like x and
    ``cache = (x, g, r)``, r of shape (..., 1).
    """
    x, g = np.asarray(x), np.asarray(g)
    if x.ndim < 1 or g.shape != (x.shape[-1],):
        raise ValueError(f"rmsnorm_forward expects x (..., D) and g (D,), got {x.shape} and {g.shape}")
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return (g * x / r).astype(x.dtype, copy=False), (x, g, r)


# --- Exercise 5.2: RMS normalization: the backward pass (3 points) --------------------------------
# derive · ★★★ · about 60 minutes
# Task: Derive the backward pass of RMS normalization (layer normalization without the mean and
# without β) through its computational graph and implement it, vectorised, for inputs of shape (...,
# D).
# Taught in book/deep/04_layer_norm.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.2`). Grade it with `make grade EXERCISE=5.2`.

def rmsnorm_backward(dout: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray]:
    r"""The backward pass of :func:`rmsnorm_forward`: derive it through the computational graph,
    as the chapter does for batch normalization.

    ``dout`` (..., D), the gradient of the loss for ``out``; ``cache`` as rmsnorm_forward returns
    it. Returns ``(dx, dg)``: dx shaped like x, dg (D,) (summed over every leading axis), both of
    x's dtype. Vectorised: no loop over samples or features.
    """
    raise NotImplementedError("Exercise 5.2 (RMS normalization: the backward pass): implement rmsnorm_backward")


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5):
    r"""Batch normalization in training mode, given to you complete: x (N, D), γ and β (D,).

    .. math:: \hat x = (x - \mu) / \sqrt{\sigma^2 + \epsilon}, \qquad \mathrm{out} = \gamma\hat x + \beta

    with μ and σ² (biased) over the batch axis. Returns ``(out, cache)``,
    ``cache = (xhat, gamma, inv_std)``, inv_std (1, D).
    """
    x = np.asarray(x)
    mu = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    return (gamma * xhat + beta).astype(x.dtype, copy=False), (xhat, gamma, inv_std)


# --- Exercise 5.3: Find the bug in a batch-norm backward pass (2 points) --------------------------
# debug · ★★☆ · about 30 minutes
# Task: The stub's batchnorm_backward returns gradients that are right for some inputs and wrong for
# others: find the inputs that expose it, then fix the one wrong line.
# Taught in book/deep/03_batch_norm.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.3`). Grade it with `make grade EXERCISE=5.3`.

def batchnorm_backward(dout: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The backward pass of :func:`batchnorm_forward`: returns ``(dx, dgamma, dbeta)``, dx (N, D),
    dgamma and dbeta (D,).

    This implementation was written in a hurry and has exactly one bug: the gradients it returns
    are wrong for some inputs and right for others. Find the inputs that expose it (the grader's
    checks and the chapter's derivation help), then fix the one line.
    """
    xhat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma                                          # dL/dx̂
    mean_g = g.mean(axis=0, keepdims=True)
    mean_gx = (dout * xhat).mean(axis=0, keepdims=True)
    dx = inv_std * (g - mean_g - xhat * mean_gx)
    return dx, dgamma, dbeta


# --- Exercise 5.4: Group normalization (3 points) -------------------------------------------------
# implement · ★★★ · about 60 minutes
# Task: Implement group normalization as a layer for images (N, C, H, W): forward and backward, with
# the channels of each sample split into G groups, each normalized on its own.
# Taught in book/deep/04_layer_norm.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.4`). Grade it with `make grade EXERCISE=5.4`.

class GroupNorm(Layer):
    r"""Group normalization (Wu & He, 2018): the C channels of each sample split into G groups of
    C/G consecutive channels; each group of each sample is normalized over its channels and
    positions,

    .. math:: \hat x = (x - \mu_{n,g}) / \sqrt{\sigma^2_{n,g} + \epsilon}, \qquad
              \mathrm{out}_{n,c} = \gamma_c \hat x_{n,c} + \beta_c

    with μ and σ² (biased) over the (C/G)·H·W entries of group g of sample n. G = 1 is layer
    normalization over (C, H, W); G = C is instance normalization.

    Parameters: ``num_groups`` G, ``num_channels`` C (a multiple of G, else ValueError),
    ``eps`` (default 1e-5). γ (starts at 1) and β (starts at 0) are float64 Parameters of
    shape (C,).

    Shape: x (N, C, H, W) -> out (N, C, H, W); out and dx have x's dtype (float32 or
    float64). ``forward`` raises a ValueError for an x that is not (N, C, H, W) with C
    channels. Training and evaluation mode
    compute the same thing. ``backward(dout)`` returns dx and adds into ``gamma.grad`` and
    ``beta.grad``.
    """

    def __init__(self, num_groups: int, num_channels: int, *, eps: float = 1e-5):
        super().__init__()
        raise NotImplementedError("Exercise 5.4 (Group normalization): implement GroupNorm.__init__")

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 5.4 (Group normalization): implement GroupNorm.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 5.4 (Group normalization): implement GroupNorm.backward")


# --- Exercise 5.5: Adaptive gradient clipping (2 points) ------------------------------------------
# implement · ★★☆ · about 30 minutes
# Task: Implement unit-wise adaptive gradient clipping: each unit's gradient is limited to a fixed
# fraction of the size of that unit's weights.
# Taught in book/deep/02_vanishing_exploding.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.5`). Grade it with `make grade EXERCISE=5.5`.

def adaptive_clip(W: np.ndarray, dW: np.ndarray, clipping: float = 0.01,
                  eps: float = 1e-3) -> np.ndarray:
    r"""Unit-wise adaptive gradient clipping (Brock et al., 2021, "AGC").

    In nnbook a ``Linear`` layer's W has shape (D, M): column i holds the incoming weights of
    unit i and column i of dW their gradient. Each column's gradient is rescaled so that it is
    at most λ (``clipping``) times the size of the column's weights, measured with a floor ε:

    .. math:: g_i \leftarrow \begin{cases} \lambda \dfrac{\max(\lVert w_i\rVert, \epsilon)}
              {\lVert g_i\rVert} g_i & \text{if } \dfrac{\lVert g_i\rVert}{\max(\lVert w_i\rVert,
              \epsilon)} > \lambda \\ g_i & \text{otherwise} \end{cases}

    (Euclidean norms of columns). Returns a new array (D, M) of dW's dtype; W and dW are not
    changed. Raises ValueError for λ ≤ 0, ε ≤ 0, W not 2-D, or dW not of W's shape.
    """
    raise NotImplementedError("Exercise 5.5 (Adaptive gradient clipping): implement adaptive_clip")


# --- Exercise 5.6: A residual block that starts as the identity (2 points) ------------------------
# implement · ★★☆ · about 40 minutes
# Task: Implement a residual block out = x + α f(x) around any child layer f, with a learned scalar
# gate α that starts at 0: forward, backward and the gradient of α.
# Taught in book/deep/05_residual.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 5.6`). Grade it with `make grade EXERCISE=5.6`.

class ReZero(Layer):
    r"""A residual block with a learned gate on its branch (Bachlechner et al., 2021):

    .. math:: \mathrm{out} = x + \alpha\, f(x)

    with f the child layer ``block`` (any Layer whose output has x's shape) and α a float64
    Parameter of shape (1,) that starts at ``alpha`` (default 0: the block starts as the
    identity, so a deep stack of them starts with perfect gradient flow and learns how much of
    each branch to let in).

    ``forward(x)`` returns x + α f(x) (ValueError if f(x) does not have x's shape);
    ``backward(dout)`` returns dx, adds into ``alpha.grad`` and runs the block's backward pass
    (which adds into the block's parameters). ``self.block`` and ``self.alpha`` are registered in
    the tree (assign them after ``super().__init__()``), so the parameters are named
    ``"alpha"``, ``"block.0.W"``, ...
    """

    def __init__(self, block: Layer, *, alpha: float = 0.0):
        super().__init__()
        raise NotImplementedError("Exercise 5.6 (A residual block that starts as the identity): implement ReZero.__init__")

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 5.6 (A residual block that starts as the identity): implement ReZero.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 5.6 (A residual block that starts as the identity): implement ReZero.backward")
