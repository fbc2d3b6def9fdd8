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


def elu_forward(x: np.ndarray, alpha: float = 1.0) -> tuple[np.ndarray, object]:
    r"""The ELU activation, elementwise.

    .. math:: \mathrm{elu}(x) = x \text{ for } x > 0, \qquad \alpha\,(e^{x} - 1) \text{ otherwise}

    Parameters: x, an array of any shape; alpha > 0.
    Returns ``(out, cache)``: out has the shape and dtype of x; cache is whatever
    :func:`elu_backward` needs. Must not overflow for large positive x.
    """
    # BEGIN SOLUTION
    negative = alpha * np.expm1(np.minimum(x, 0))      # exp of a positive x never computed
    out = np.where(x > 0, x, negative).astype(x.dtype, copy=False)
    return out, (x, out, alpha)
    # END SOLUTION


def elu_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of ELU.

    .. math:: \frac{\partial\,\mathrm{elu}}{\partial x} = 1 \text{ for } x > 0, \qquad
              \alpha e^{x} = \mathrm{elu}(x) + \alpha \text{ otherwise}

    Parameters: dout, the upstream gradient, shaped like x; cache from :func:`elu_forward`.
    Returns dx, shaped like x.
    """
    # BEGIN SOLUTION
    x, out, alpha = cache
    return np.where(x > 0, dout, dout * (out + alpha)).astype(dout.dtype, copy=False)
    # END SOLUTION


def softplus_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    r"""Softplus, a smooth ReLU, elementwise.

    .. math:: \mathrm{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})

    Use the right-hand form: it never overflows (x = 1000 gives 1000, not inf).
    Returns ``(out, cache)``; out has the shape and dtype of x.
    """
    # BEGIN SOLUTION
    out = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
    return out.astype(x.dtype, copy=False), x
    # END SOLUTION


def softplus_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of Softplus, the logistic sigmoid:

    .. math:: \frac{\partial\,\mathrm{softplus}}{\partial x} = \sigma(x) = \frac{1}{1 + e^{-x}}

    computed without overflow for x = ±1000. Returns dx, shaped like x.
    """
    # BEGIN SOLUTION
    x = cache
    sigma = np.exp(-np.logaddexp(0, -x))
    return (dout * sigma).astype(dout.dtype, copy=False)
    # END SOLUTION


GELU_C = np.sqrt(2 / np.pi)


def gelu_forward(x: np.ndarray) -> tuple[np.ndarray, object]:
    r"""GELU in its tanh approximation (Hendrycks & Gimpel, 2016), elementwise.

    .. math:: \mathrm{gelu}(x) = \tfrac12 x \big(1 + \tanh(u)\big), \qquad
              u = c\,(x + 0.044715\,x^3), \quad c = \sqrt{2/\pi}

    (PyTorch's ``gelu(x, approximate="tanh")``). Returns ``(out, cache)``.
    """
    # BEGIN SOLUTION
    t = np.tanh(GELU_C * (x + 0.044715 * x ** 3))
    out = 0.5 * x * (1 + t)
    return out.astype(x.dtype, copy=False), (x, t)
    # END SOLUTION


def gelu_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient of the tanh-approximated GELU, by the product and chain rules:

    .. math:: \frac{\partial\,\mathrm{gelu}}{\partial x} = \tfrac12(1 + \tanh u)
              + \tfrac12 x\,(1 - \tanh^2 u)\, c\,(1 + 3 \cdot 0.044715\,x^2)

    Returns dx, shaped like x.
    """
    # BEGIN SOLUTION
    x, t = cache
    local = 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * GELU_C * (1 + 3 * 0.044715 * x ** 2)
    return (dout * local).astype(dout.dtype, copy=False)
    # END SOLUTION


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
    # BEGIN SOLUTION
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(small, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta))
    dpred = np.where(small, r, delta * np.sign(r)) / r.size
    return float(loss.mean()), dpred.astype(pred.dtype, copy=False)
    # END SOLUTION


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
    # BEGIN SOLUTION
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    h_pre = X @ W1 + b1                               # (N, H)
    h = np.maximum(h_pre, 0)
    scores = h @ W2 + b2                              # (N, C)
    if y is None:
        return scores
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(N), y].mean() + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dscores = np.exp(log_p)
    dscores[np.arange(N), y] -= 1
    dscores /= N                                      # (N, C)
    dh = dscores @ W2.T                               # (N, H)
    dh_pre = dh * (h_pre > 0)
    grads = {
        "W2": h.T @ dscores + reg * W2,
        "b2": dscores.sum(axis=0),
        "W1": X.T @ dh_pre + reg * W1,
        "b1": dh_pre.sum(axis=0),
    }
    return float(loss), grads
    # END SOLUTION


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
    # BEGIN SOLUTION
    x = x.copy()
    columns = []
    for i in range(x.shape[0]):
        old = x[i]
        x[i] = old + h
        f_plus = np.array(f(x), dtype=np.float64)
        x[i] = old - h
        f_minus = np.array(f(x), dtype=np.float64)
        x[i] = old
        columns.append((f_plus - f_minus) / (2 * h))
    return np.stack(columns, axis=1).astype(x.dtype)
    # END SOLUTION


def embedding_forward(idx: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, object]:
    r"""Look up a row of W for every index: out[n, t] = W[idx[n, t]].

    Parameters: idx (N, T) integers in [0, V); W (V, D) the embedding table.
    Returns ``(out, cache)``, out (N, T, D) in W's dtype. An index outside [0, V) raises a
    ValueError naming it (numpy would silently wrap negative indices).
    """
    # BEGIN SOLUTION
    V = W.shape[0]
    bad = (idx < 0) | (idx >= V)
    if np.any(bad):
        raise ValueError(f"index {idx[bad][0]} out of range for an embedding table of {V} rows")
    return W[idx], (idx, W.shape)
    # END SOLUTION


def embedding_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    r"""The gradient for the table, dW (V, D).

    Each row W[v] receives the sum of dout[n, t] over every position where idx[n, t] = v:

    .. math:: dW_v = \sum_{n,t:\ \mathrm{idx}_{nt} = v} \mathrm{dout}_{nt}

    (a *scatter-add*: an index used twice collects two gradients). Parameters: dout (N, T, D);
    cache from :func:`embedding_forward`. Returns dW (V, D) in dout's dtype.
    """
    # BEGIN SOLUTION
    idx, shape = cache
    dW = np.zeros(shape, dtype=dout.dtype)
    np.add.at(dW, idx, dout)
    return dW
    # END SOLUTION
