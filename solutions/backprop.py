"""Exercises of the chapter "Backpropagation".

The activations, the residual block and the embedding are layers: subclasses of
``nnbook.layers.Layer``, so you can check them with ``nnbook.gradcheck.check_layer`` and drop them
into a ``Sequential``. The Huber loss is a ``nnbook.losses.Loss``. Each ``forward`` caches what its
``backward`` needs (in attributes starting with ``_``); each ``backward`` returns the gradient for
the input and *adds* the gradients of the parameters into their ``.grad`` (``p.grad += ...``),
as every layer of nnbook does.

Write vectorised numpy (no Python loops over samples), keep the dtype of the input (float32 in,
float32 out), never modify an input array in place, and return new arrays (not views of an
input). Grade your work with ``make grade CHAPTER=backprop`` or one exercise with
``make grade EXERCISE=1.1``; in a notebook, ``nnbook.grading.check("1.1", ELU)``.

Shapes use fixed letters: N samples, D features, H hidden units, T positions, V vocabulary size.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnbook.init import he_normal
from nnbook.layers import Layer, Parameter, sigmoid
from nnbook.losses import Loss


class ELU(Layer):
    r"""The ELU activation, elementwise (Clevert et al., 2016).

    .. math:: \mathrm{elu}(x) = x \text{ for } x > 0, \qquad \alpha\,(e^{x} - 1) \text{ for } x \le 0

    ``alpha`` > 0 (default 1.0). ``forward(x)``: x of any shape; returns out, same shape and dtype,
    without overflow for large positive x (e^1000 is inf in float64). ``backward(dout)``: dout
    shaped like x; returns dx = ∂L/∂x, shaped like x, in dout's dtype: the derivative of ELU is
    yours to derive. Same as ``torch.nn.ELU(alpha)``.
    """

    def __init__(self, alpha: float = 1.0):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        negative = self.alpha * np.expm1(np.minimum(x, 0))      # exp of a positive x never computed
        out = np.where(x > 0, x, negative).astype(x.dtype, copy=False)
        self._x, self._out = x, out
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        x, out = self._x, self._out
        return np.where(x > 0, dout, dout * (out + self.alpha)).astype(dout.dtype, copy=False)
        # END SOLUTION


class Softplus(Layer):
    r"""Softplus, a smooth ReLU, elementwise.

    .. math:: \mathrm{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})

    Use the right-hand form: it never overflows (x = 1000 gives 1000, not inf). ``forward(x)``:
    x of any shape; returns out shaped and typed like x. ``backward(dout)``: returns dx = ∂L/∂x
    shaped like x, in dout's dtype, finite for x = ±1000 too; the derivative is yours to derive.
    Same as ``torch.nn.Softplus()``.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        out = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
        self._x = x
        return out.astype(x.dtype, copy=False)
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        sigma = np.exp(-np.logaddexp(0, -self._x))
        return (dout * sigma).astype(dout.dtype, copy=False)
        # END SOLUTION


GELU_C = np.sqrt(2 / np.pi)


class GELU(Layer):
    r"""GELU in its tanh approximation (Hendrycks & Gimpel, 2016), elementwise.

    .. math:: \mathrm{gelu}(x) = \tfrac12 x \big(1 + \tanh u\big), \qquad
              u = c\,(x + 0.044715\,x^3), \quad c = \sqrt{2/\pi}

    (PyTorch's ``nn.GELU(approximate="tanh")``). ``forward(x)``: x of any shape; returns out
    shaped and typed like x. ``backward(dout)``: returns dx = ∂L/∂x shaped like x, in dout's
    dtype; the derivative is yours to derive.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        t = np.tanh(GELU_C * (x + 0.044715 * x ** 3))
        self._x, self._t = x, t
        return (0.5 * x * (1 + t)).astype(x.dtype, copy=False)
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        x, t = self._x, self._t
        local = 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * GELU_C * (1 + 3 * 0.044715 * x ** 2)
        return (dout * local).astype(dout.dtype, copy=False)
        # END SOLUTION


class HuberLoss(Loss):
    r"""The Huber loss, averaged over all K elements, and its gradient.

    With the residual r = pred − target and δ = ``delta`` > 0 (default 1.0),

    .. math:: \ell(r) = \tfrac12 r^2 \text{ if } |r| \le \delta, \qquad
              \delta\,(|r| - \tfrac12\delta) \text{ if } |r| > \delta; \qquad
              L = \frac1K \sum_k \ell(r_k)

    Quadratic near 0, linear far away: large errors (outliers) pull less than in MSE. Same as
    ``torch.nn.HuberLoss(delta=delta)``. ``forward(pred, target)``: two arrays of one shape
    (any shape, K elements); returns L as a Python float. ``backward()``: returns ∂L/∂pred,
    shaped and typed like pred (also when target has another dtype), which you derive.
    """

    def __init__(self, delta: float = 1.0):
        self.delta = delta

    def forward(self, pred: np.ndarray, target: np.ndarray) -> float:
        # BEGIN SOLUTION
        r = pred - target
        small = np.abs(r) <= self.delta
        self._r, self._small, self._dtype = r, small, pred.dtype
        loss = np.where(small, 0.5 * r ** 2, self.delta * (np.abs(r) - 0.5 * self.delta))
        return float(loss.mean())
        # END SOLUTION

    def backward(self) -> np.ndarray:
        # BEGIN SOLUTION
        r = self._r
        return (np.where(self._small, r, self.delta * np.sign(r)) / r.size).astype(self._dtype, copy=False)
        # END SOLUTION


class Residual(Layer):
    r"""A residual block: the input plus a small two-layer network of it (He et al., 2016).

    .. math:: h = \mathrm{ReLU}(x W_1 + b_1), \qquad \mathrm{out} = x + h W_2 + b_2

    Parameters ``W1`` (D, H), ``b1`` (H,), ``W2`` (H, D), ``b2`` (D,); x and out are (N, D).
    Initialise W1 and W2 with ``nnbook.init.he_normal(shape, rng=rng, dtype=dtype)`` and the biases
    with zeros, all as :class:`~nnbook.layers.Parameter` attributes (in that order).

    ``backward(dout)``: dout (N, D). Adds ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 into the parameters'
    ``grad`` (``+=``: a second backward adds again) and returns dx = ∂L/∂x (N, D); deriving them
    is the exercise. When ``needs_input_grad`` is False, return None instead of dx (the
    parameters' gradients are still needed).
    """

    def __init__(self, D: int, H: int, *, rng=None, dtype=np.float64):
        super().__init__()
        # BEGIN SOLUTION
        rng = np.random.default_rng(rng)
        self.W1 = Parameter(he_normal((D, H), rng=rng, dtype=dtype))
        self.b1 = Parameter(np.zeros(H, dtype=dtype))
        self.W2 = Parameter(he_normal((H, D), rng=rng, dtype=dtype))
        self.b2 = Parameter(np.zeros(D, dtype=dtype))
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        h_pre = x @ self.W1.value + self.b1.value
        h = np.maximum(h_pre, 0)
        self._x, self._h_pre, self._h = x, h_pre, h
        return x + h @ self.W2.value + self.b2.value
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        # BEGIN SOLUTION
        x, h_pre, h = self._x, self._h_pre, self._h
        self.W2.grad += h.T @ dout
        self.b2.grad += dout.sum(axis=0)
        dh_pre = (dout @ self.W2.value.T) * (h_pre > 0)
        self.W1.grad += x.T @ dh_pre
        self.b1.grad += dh_pre.sum(axis=0)
        if not self.needs_input_grad:
            return None
        return dout + dh_pre @ self.W1.value.T           # the skip path plus the branch
        # END SOLUTION


def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                       h: float = 1e-5) -> np.ndarray:
    r"""The Jacobian of a vector function by centered differences.

    For f: ℝ^D → ℝ^M,

    .. math:: J_{mi} = \frac{\partial f_m}{\partial x_i}
              \approx \frac{f(x + h e_i)_m - f(x - h e_i)_m}{2h}

    Parameters: f takes an array shaped like x (D,) and returns an array (M,); x (D,), float;
    h the step (default 1e-5). Returns J, an (M, D) array in x's dtype, computed with 2·D calls
    of f. x must hold its original values when the function returns (perturb a copy).
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


class Embedding(Layer):
    r"""An embedding layer: a table W (V, D) of vectors, one row per index.

    ``forward(idx)``: idx (N, T) integers in [0, V); returns out (N, T, D) with
    out[n, t] = W[idx[n, t]], in W's dtype. An index outside [0, V) raises a ValueError naming it
    (numpy would silently wrap negative indices).

    ``backward(dout)``: dout (N, T, D). Adds ∂L/∂W (V, D) into ``W.grad`` (``+=``) and returns
    None: integer indices have no gradient. W is a :class:`~nnbook.layers.Parameter` drawn from a
    standard normal with ``rng``: its table is ``W.value``, its gradient ``W.grad``.
    """

    def __init__(self, V: int, D: int, *, rng=None, dtype=np.float64):
        super().__init__()
        self.W = Parameter(np.random.default_rng(rng).standard_normal((V, D)).astype(dtype))

    def forward(self, idx: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        V = self.W.value.shape[0]
        bad = (idx < 0) | (idx >= V)
        if np.any(bad):
            raise ValueError(f"index {idx[bad][0]} out of range for an embedding table of {V} rows")
        self._idx = idx
        return self.W.value[idx]
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> None:
        # BEGIN SOLUTION
        np.add.at(self.W.grad, self._idx, dout)
        return None
        # END SOLUTION


class Swish(Layer):
    r"""Swish (SiLU), elementwise: the input times its own sigmoid (Ramachandran et al., 2017).

    .. math:: \mathrm{swish}(x) = x\,\sigma(x), \qquad \sigma(x) = \frac{1}{1 + e^{-x}}

    ``forward(x)``: x of any shape; returns out, same shape and dtype, without overflow for
    x = ±1000. ``backward(dout)``: returns dx = dout · swish'(x), shaped and typed like dout.
    Same as ``torch.nn.SiLU()``.

    The code below runs and its forward pass is right, but its backward pass disagrees with the
    numerical gradient: find the bug and fix it.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        s = sigmoid(x)
        self._x, self._s = x, s
        return (x * s).astype(x.dtype, copy=False)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        # BEGIN SOLUTION
        x, s = self._x, self._s
        return (dout * (s + x * s * (1 - s))).astype(dout.dtype, copy=False)
        # BEGIN STUB
        # x, s = self._x, self._s
        # return (dout * x * s * (1 - s)).astype(dout.dtype, copy=False)
        # END STUB
        # END SOLUTION


def predict_difference_errors() -> tuple[float, float]:
    r"""Predict, before you measure: the errors of the two difference quotients of the chapter.

    For f(x) = x³ at x = 2 with the step h = 0.01, return ``(forward_error, centered_error)``:
    the one-sided (forward) difference (f(x + h) − f(x)) / h minus the exact derivative f'(2),
    and the centered difference (f(x + h) − f(x − h)) / (2h) minus f'(2), each as a Python float.
    Work them out with Taylor's theorem, then measure them to convince yourself.
    """
    # BEGIN SOLUTION
    h = 0.01
    return 0.5 * 12 * h + 6 / 6 * h ** 2, 6 / 6 * h ** 2    # f'' = 6x = 12, f''' = 6: h²f'''/6
    # END SOLUTION
