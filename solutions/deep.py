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


# --- 5.1 predictions about the signal's scale -------------------------------------------------------

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
    # BEGIN SOLUTION
    return {"relu_ratio": 0.5 ** 29,
            "bent_gain": float(np.sqrt(2 / (1 + 0.25))),
            "conv_std": float(np.sqrt(2 / (32 * 5 * 5)))}
    # END SOLUTION


# --- 5.2 RMS normalization, backward pass derived -----------------------------------------------------

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


def rmsnorm_backward(dout: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray]:
    r"""The backward pass of :func:`rmsnorm_forward`: derive it through the computational graph,
    as the chapter does for batch normalization.

    ``dout`` (..., D), the gradient of the loss for ``out``; ``cache`` as rmsnorm_forward returns
    it. Returns ``(dx, dg)``: dx shaped like x, dg (D,) (summed over every leading axis), both of
    x's dtype. Vectorised: no loop over samples or features.
    """
    # BEGIN SOLUTION
    x, g, r = cache
    D = x.shape[-1]
    dxhat = dout * g                                          # out = g ⊙ x̂, x̂ = x / r
    dg = np.sum(dout * x / r, axis=tuple(range(x.ndim - 1)))
    # x̂ = x / r: direct path plus the path through r, dr/dx = x / (D r)
    dx = dxhat / r - x * np.sum(dxhat * x, axis=-1, keepdims=True) / (D * r ** 3)
    return dx.astype(x.dtype, copy=False), dg.astype(x.dtype, copy=False)
    # END SOLUTION


# --- 5.3 a batch-norm backward pass with one bug ------------------------------------------------------

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


def batchnorm_backward(dout: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The backward pass of :func:`batchnorm_forward`: returns ``(dx, dgamma, dbeta)``, dx (N, D),
    dgamma and dbeta (D,).

    This implementation was written in a hurry and has exactly one bug: the gradients it returns
    are wrong for some inputs and right for others. Find the inputs that expose it (the grader's
    checks and the chapter's derivation help), then fix the one line.
    """
    # BEGIN SOLUTION
    xhat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma                                          # dL/dx̂
    mean_g = g.mean(axis=0, keepdims=True)
    mean_gx = (g * xhat).mean(axis=0, keepdims=True)
    dx = inv_std * (g - mean_g - xhat * mean_gx)
    return dx, dgamma, dbeta
    # BEGIN STUB
    # xhat, gamma, inv_std = cache
    # dbeta = dout.sum(axis=0)
    # dgamma = (dout * xhat).sum(axis=0)
    # g = dout * gamma                                          # dL/dx̂
    # mean_g = g.mean(axis=0, keepdims=True)
    # mean_gx = (dout * xhat).mean(axis=0, keepdims=True)
    # dx = inv_std * (g - mean_g - xhat * mean_gx)
    # return dx, dgamma, dbeta
    # END STUB
    # END SOLUTION


# --- 5.4 group normalization ---------------------------------------------------------------------------

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
        # BEGIN SOLUTION
        if num_groups < 1 or num_channels % num_groups:
            raise ValueError(f"GroupNorm: num_channels={num_channels} must be a multiple of "
                             f"num_groups={num_groups}")
        self.G, self.C, self.eps = num_groups, num_channels, eps
        self.gamma = Parameter(np.ones(num_channels))
        self.beta = Parameter(np.zeros(num_channels))
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        x = np.asarray(x)
        if x.ndim != 4 or x.shape[1] != self.C:
            raise ValueError(f"GroupNorm expects x of shape (N, {self.C}, H, W), got {x.shape}")
        N, C, H, W = x.shape
        xg = x.reshape(N, self.G, -1)                         # (N, G, C/G·H·W)
        mu = xg.mean(axis=2, keepdims=True)
        inv_std = 1 / np.sqrt(xg.var(axis=2, keepdims=True) + self.eps)
        xhat = ((xg - mu) * inv_std).reshape(x.shape)
        self._cache = (xhat, inv_std)
        gamma, beta = (p.value.astype(x.dtype)[:, None, None] for p in (self.gamma, self.beta))
        return gamma * xhat + beta
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        xhat, inv_std = self._cache
        dout = np.asarray(dout, dtype=xhat.dtype)
        self.gamma.grad += (dout * xhat).sum(axis=(0, 2, 3))
        self.beta.grad += dout.sum(axis=(0, 2, 3))
        N = dout.shape[0]
        g = (dout * self.gamma.value.astype(xhat.dtype)[:, None, None]).reshape(N, self.G, -1)
        xh = xhat.reshape(N, self.G, -1)
        dx = inv_std * (g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True))
        return dx.reshape(dout.shape)
        # END SOLUTION


# --- 5.5 adaptive gradient clipping --------------------------------------------------------------------

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
    # BEGIN SOLUTION
    if not clipping > 0 or not eps > 0:
        raise ValueError(f"adaptive_clip: clipping and eps must be > 0, got {clipping}, {eps}")
    W, dW = np.asarray(W), np.asarray(dW)
    if W.ndim != 2 or dW.shape != W.shape:
        raise ValueError(f"adaptive_clip expects W (D, M) and dW of the same shape, got {W.shape} "
                         f"and {dW.shape}")
    w_norm = np.maximum(np.linalg.norm(W, axis=0), eps)      # (M,)
    g_norm = np.linalg.norm(dW, axis=0)
    limit = clipping * w_norm
    scale = np.where(g_norm > limit, limit / np.maximum(g_norm, 1e-30), 1.0)
    return (dW * scale).astype(dW.dtype, copy=False)
    # END SOLUTION


# --- 5.6 a residual block that starts as the identity ----------------------------------------------------

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
        # BEGIN SOLUTION
        self.block = block
        self.alpha = Parameter(np.array([alpha], dtype=np.float64))
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        x = np.asarray(x)
        f = self.block.forward(x)
        if f.shape != x.shape:
            raise ValueError(f"ReZero: the block maps x {x.shape} to {f.shape}; a residual block "
                             "needs an output of the input's shape")
        self._f = f
        return x + float(self.alpha.value[0]) * f
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        self.alpha.grad += np.sum(dout * self._f)
        return dout + self.block.backward(float(self.alpha.value[0]) * dout)
        # END SOLUTION
