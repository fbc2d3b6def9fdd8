# Generated from solutions/backprop.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=backprop`.
"""Exercises of the chapter "Backpropagation".

Each function below is one part of an exercise. Write vectorised numpy (no Python loops over
samples), keep the dtype of the input (float32 in, float32 out), and never modify an input
array in place. Grade your work with ``make grade CHAPTER=backprop`` or one exercise with
``make grade EXERCISE=1.1``.

Shapes use fixed letters: N samples, D features, H hidden units, C classes, T positions,
V vocabulary size.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


# --- Exercise 1.1: ELU (2 points) -----------------------------------------------------------------

def elu_forward(x: np.ndarray, alpha: float = 1.0) -> tuple[np.ndarray, object]:
    r"""The ELU activation, elementwise.

    .. math:: \mathrm{elu}(x) = x \text{ for } x > 0, \qquad \alpha\,(e^{x} - 1) \text{ otherwise}

    Parameters: x, an array of any shape; alpha > 0.
    Returns ``(out, cache)``: out has the shape and dtype of x; cache is whatever
    :func:`elu_backward` needs. Must not overflow for large positive x.
    """
    raise NotImplementedError("Exercise 1.1 (ELU): implement elu_forward")


def elu_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of ELU.

    .. math:: \frac{\partial\,\mathrm{elu}}{\partial x} = 1 \text{ for } x > 0, \qquad
              \alpha e^{x} = \mathrm{elu}(x) + \alpha \text{ otherwise}

    Parameters: dout, the upstream gradient, shaped like x; cache from :func:`elu_forward`.
    Returns dx, shaped like x.
    """
    raise NotImplementedError("Exercise 1.1 (ELU): implement elu_backward")


# --- Exercise 1.2: Softplus (2 points) ------------------------------------------------------------

def softplus_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    r"""Softplus, a smooth ReLU, elementwise.

    .. math:: \mathrm{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})

    Use the right-hand form: it never overflows (x = 1000 gives 1000, not inf).
    Returns ``(out, cache)``; out has the shape and dtype of x.
    """
    raise NotImplementedError("Exercise 1.2 (Softplus): implement softplus_forward")


def softplus_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of Softplus, the logistic sigmoid:

    .. math:: \frac{\partial\,\mathrm{softplus}}{\partial x} = \sigma(x) = \frac{1}{1 + e^{-x}}

    computed without overflow for x = ±1000. Returns dx, shaped like x.
    """
    raise NotImplementedError("Exercise 1.2 (Softplus): implement softplus_backward")


GELU_C = np.sqrt(2 / np.pi)


# --- Exercise 1.3: GELU (2 points) ----------------------------------------------------------------

def gelu_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    r"""GELU in its tanh approximation (Hendrycks & Gimpel, 2016), elementwise.

    .. math:: \mathrm{gelu}(x) = \tfrac12 x \big(1 + \tanh(u)\big), \qquad
              u = c\,(x + 0.044715\,x^3), \quad c = \sqrt{2/\pi}

    (PyTorch's ``gelu(x, approximate="tanh")``). Returns ``(out, cache)``.
    """
    raise NotImplementedError("Exercise 1.3 (GELU): implement gelu_forward")


def gelu_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of the tanh-approximated GELU, by the product and chain rules:

    .. math:: \frac{\partial\,\mathrm{gelu}}{\partial x} = \tfrac12(1 + \tanh u)
              + \tfrac12 x\,(1 - \tanh^2 u)\, c\,(1 + 3 \cdot 0.044715\,x^2)

    Returns dx, shaped like x.
    """
    raise NotImplementedError("Exercise 1.3 (GELU): implement gelu_backward")


# --- Exercise 1.4: Huber loss (2 points) ----------------------------------------------------------

def huber_loss(pred: np.ndarray, target: np.ndarray, delta: float = 1.0) -> tuple[float, np.ndarray]:
    r"""The Huber loss, averaged over all K elements, and its gradient.

    With the residual r = pred − target,

    .. math:: \ell(r) = \tfrac12 r^2 \text{ if } |r| \le \delta, \qquad
              \delta\,(|r| - \tfrac12\delta) \text{ otherwise}; \qquad
              L = \frac1K \sum_k \ell(r_k)

    Quadratic near 0, linear far away: large errors (outliers) pull less than in MSE.
    Same as ``torch.nn.functional.huber_loss(pred, target, delta=delta)``.

    Parameters: pred and target, arrays of one shape; delta > 0.
    Returns ``(loss, dpred)``: loss a Python float, dpred = ∂L/∂pred shaped like pred.
    """
    raise NotImplementedError("Exercise 1.4 (Huber loss): implement huber_loss")


# --- Exercise 1.5: Two-layer network (4 points) ---------------------------------------------------

def two_layer_loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray | None = None,
                   reg: float = 0.0):
    r"""Loss and gradients of a two-layer network (CS231n style).

    .. math:: h = \mathrm{ReLU}(X W_1 + b_1), \qquad s = h W_2 + b_2,

    .. math:: L = \frac1N \sum_n \Big(\log \sum_j e^{s_{nj}} - s_{n y_n}\Big)
              + \frac{\lambda}{2}\big(\lVert W_1\rVert^2 + \lVert W_2\rVert^2\big)

    with λ = ``reg`` (nnbook's L2 convention: the gradient of the penalty is λW; biases are
    not penalised).

    Parameters
    ----------
    params : {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}
    X : (N, D) inputs.
    y : (N,) integer labels in [0, C), or None.
    reg : λ ≥ 0.

    Returns
    -------
    If y is None, the scores s (N, C). Otherwise ``(loss, grads)``: loss a Python float and
    grads a dict with the keys of params, each gradient shaped like its parameter.
    Stable for large scores (subtract each row's maximum before exponentiating).
    """
    raise NotImplementedError("Exercise 1.5 (Two-layer network): implement two_layer_loss")


# --- Exercise 1.6: Numerical Jacobian (2 points) --------------------------------------------------

def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                       h: float = 1e-5) -> np.ndarray:
    r"""The Jacobian of a vector function by centered differences.

    For f: ℝ^D → ℝ^M,

    .. math:: J_{mi} = \frac{\partial f_m}{\partial x_i}
              \approx \frac{f(x + h e_i)_m - f(x - h e_i)_m}{2h}

    Parameters: f takes an array shaped like x (D,) and returns an array (M,); x (D,), float;
    h the step. Returns J, an (M, D) array in x's dtype. x must hold its original values
    when the function returns (perturb a copy, or restore each entry).
    """
    raise NotImplementedError("Exercise 1.6 (Numerical Jacobian): implement numerical_jacobian")


# --- Exercise 1.7: Embedding (2 points) -----------------------------------------------------------

def embedding_forward(idx: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, object]:
    r"""Look up a row of W for every index: out[n, t] = W[idx[n, t]].

    Parameters: idx (N, T) integers in [0, V); W (V, D) the embedding table.
    Returns ``(out, cache)``, out (N, T, D) in W's dtype. An index outside [0, V) raises a
    ValueError naming it (numpy would silently wrap negative indices).
    """
    raise NotImplementedError("Exercise 1.7 (Embedding): implement embedding_forward")


def embedding_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient for the table, dW (V, D).

    Each row W[v] receives the sum of dout[n, t] over every position where idx[n, t] = v:

    .. math:: dW_v = \sum_{n,t:\ \mathrm{idx}_{nt} = v} \mathrm{dout}_{nt}

    (a *scatter-add*: an index used twice collects two gradients). Parameters: dout (N, T, D);
    cache from :func:`embedding_forward`. Returns dW (V, D) in dout's dtype.
    """
    raise NotImplementedError("Exercise 1.7 (Embedding): implement embedding_backward")
