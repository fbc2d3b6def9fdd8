# Generated from solutions/backprop.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=backprop`.
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


# --- Exercise 1.1: ELU (2 points) -----------------------------------------------------------------
# derive · ★☆☆ · about 25 minutes
# Task: Write the ELU activation as a layer: a forward pass that never overflows, and a backward
# pass whose local derivative you derive yourself.
# Taught in book/backprop/03_layer_api.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.1`). Grade it with `make grade EXERCISE=1.1`.

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
        raise NotImplementedError("Exercise 1.1 (ELU): implement ELU.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.1 (ELU): implement ELU.backward")


# --- Exercise 1.2: Softplus (2 points) ------------------------------------------------------------
# derive · ★★☆ · about 30 minutes
# Task: Write Softplus, log(1 + eˣ), as a layer: a forward pass stable for |x| up to 1000, and the
# backward pass you derive.
# Taught in book/backprop/03_layer_api.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.2`). Grade it with `make grade EXERCISE=1.2`.

class Softplus(Layer):
    r"""Softplus, a smooth ReLU, elementwise.

    .. math:: \mathrm{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})

    Use the right-hand form: it never overflows (x = 1000 gives 1000, not inf). ``forward(x)``:
    x of any shape; returns out shaped and typed like x. ``backward(dout)``: returns dx = ∂L/∂x
    shaped like x, in dout's dtype, finite for x = ±1000 too; the derivative is yours to derive.
    Same as ``torch.nn.Softplus()``.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.2 (Softplus): implement Softplus.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.2 (Softplus): implement Softplus.backward")


GELU_C = np.sqrt(2 / np.pi)


# --- Exercise 1.3: GELU (2 points) ----------------------------------------------------------------
# derive · ★★☆ · about 35 minutes
# Task: Write GELU (its tanh approximation) as a layer, and derive its backward pass.
# Taught in book/backprop/03_layer_api.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.3`). Grade it with `make grade EXERCISE=1.3`.

class GELU(Layer):
    r"""GELU in its tanh approximation (Hendrycks & Gimpel, 2016), elementwise.

    .. math:: \mathrm{gelu}(x) = \tfrac12 x \big(1 + \tanh u\big), \qquad
              u = c\,(x + 0.044715\,x^3), \quad c = \sqrt{2/\pi}

    (PyTorch's ``nn.GELU(approximate="tanh")``). ``forward(x)``: x of any shape; returns out
    shaped and typed like x. ``backward(dout)``: returns dx = ∂L/∂x shaped like x, in dout's
    dtype; the derivative is yours to derive.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.3 (GELU): implement GELU.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.3 (GELU): implement GELU.backward")


# --- Exercise 1.4: Huber loss (2 points) ----------------------------------------------------------
# derive · ★☆☆ · about 25 minutes
# Task: Write the Huber loss as a Loss: the mean over all elements in forward, and in backward the
# gradient with respect to pred, which you derive.
# Taught in book/backprop/02_two_layer_network.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.4`). Grade it with `make grade EXERCISE=1.4`.

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
        raise NotImplementedError("Exercise 1.4 (Huber loss): implement HuberLoss.forward")

    def backward(self) -> np.ndarray:
        raise NotImplementedError("Exercise 1.4 (Huber loss): implement HuberLoss.backward")


# --- Exercise 1.5: Residual block (4 points) ------------------------------------------------------
# derive · ★★★ · about 50 minutes
# Task: Write a residual block out = x + ReLU(x W1 + b1) W2 + b2 as a layer with its parameters, and
# derive its backward pass.
# Taught in book/backprop/03_layer_api.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.5`). Grade it with `make grade EXERCISE=1.5`.

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
        raise NotImplementedError("Exercise 1.5 (Residual block): implement Residual.__init__")

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError("Exercise 1.5 (Residual block): implement Residual.forward")

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError("Exercise 1.5 (Residual block): implement Residual.backward")


# --- Exercise 1.6: Numerical Jacobian (2 points) --------------------------------------------------
# implement · ★☆☆ · about 20 minutes
# Task: Compute the Jacobian of a vector function by centered differences, with 2·D calls of f and x
# unchanged afterwards.
# Taught in book/backprop/04_gradient_checking.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.6`). Grade it with `make grade EXERCISE=1.6`.

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
    raise NotImplementedError("Exercise 1.6 (Numerical Jacobian): implement numerical_jacobian")


# --- Exercise 1.7: Embedding (2 points) -----------------------------------------------------------
# implement · ★★☆ · about 25 minutes
# Task: Write an embedding layer: a row lookup in forward that rejects indices out of range, and a
# backward pass that collects dout into W.grad.
# Taught in book/backprop/03_layer_api.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.7`). Grade it with `make grade EXERCISE=1.7`.

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
        raise NotImplementedError("Exercise 1.7 (Embedding): implement Embedding.forward")

    def backward(self, dout: np.ndarray) -> None:
        raise NotImplementedError("Exercise 1.7 (Embedding): implement Embedding.backward")


# --- Exercise 1.8: Swish, debugged (2 points) -----------------------------------------------------
# debug · ★★☆ · about 20 minutes
# Task: The given Swish layer computes x·σ(x) correctly, but its backward pass disagrees with the
# numerical gradient. Find the bug and fix it.
# Taught in book/backprop/01_computational_graphs.ipynb; its hints are in the exercise's box there
# (or `nnbook hint 1.8`). Grade it with `make grade EXERCISE=1.8`.

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
        x, s = self._x, self._s
        return (dout * x * s * (1 - s)).astype(dout.dtype, copy=False)


# --- Exercise 1.9: Predict: the error of a difference quotient (1 point) --------------------------
# predict · ★★☆ · about 15 minutes
# Task: Before measuring: predict how far the forward and the centered difference quotients of f(x)
# = x³ at x = 2, with h = 0.01, land from the exact derivative.
# Taught in book/backprop/04_gradient_checking.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 1.9`). Grade it with `make grade EXERCISE=1.9`.

def predict_difference_errors() -> tuple[float, float]:
    r"""Predict, before you measure: the errors of the two difference quotients of the chapter.

    For f(x) = x³ at x = 2 with the step h = 0.01, return ``(forward_error, centered_error)``:
    the one-sided (forward) difference (f(x + h) − f(x)) / h minus the exact derivative f'(2),
    and the centered difference (f(x + h) − f(x − h)) / (2h) minus f'(2), each as a Python float.
    Work them out with Taylor's theorem, then measure them to convince yourself.
    """
    raise NotImplementedError("Exercise 1.9 (Predict: the error of a difference quotient): implement predict_difference_errors")
