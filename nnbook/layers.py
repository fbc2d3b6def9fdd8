"""Layers: a forward/backward pair each, with parameters and their gradients under one name.

Chapter: Backpropagation, section "The Layer API".

Every layer caches what its backward pass needs during ``forward`` and, in ``backward``,
returns the gradient for its input and *overwrites* the ``grad`` of each of its parameters.
Shapes use fixed letters: N samples, D input features, M output features.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnbook import init as initializers

Initializer = Callable[..., np.ndarray]


class Parameter:
    """A trainable array and its gradient, kept side by side.

    ``value`` is updated in place by optimizers; ``grad`` has the same shape and dtype and is
    overwritten by the owning layer's ``backward``.
    """

    __slots__ = ("value", "grad")

    def __init__(self, value: np.ndarray):
        self.value = value
        self.grad = np.zeros_like(value)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    @property
    def dtype(self) -> np.dtype:
        return self.value.dtype

    def __repr__(self) -> str:
        return f"Parameter(shape={self.value.shape}, dtype={self.value.dtype})"


class Layer:
    """The interface every layer follows.

    ``forward(x) -> out`` caches what ``backward`` needs; ``backward(dout) -> dx`` returns the
    gradient of the loss for ``x`` given the gradient ``dout`` for ``out`` (same shape as ``out``)
    and fills the ``grad`` of every parameter. ``train()`` / ``eval()`` switch the mode (only
    Dropout behaves differently); both return the layer.
    """

    def __init__(self) -> None:
        self.training = True
        self._out_shape: tuple[int, ...] | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} does not implement forward")

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} does not implement backward")

    def parameters(self) -> dict[str, Parameter]:
        """The trainable parameters by name (``{}`` for layers without any)."""
        return {}

    def zero_grad(self) -> None:
        for p in self.parameters().values():
            p.grad[...] = 0

    def train(self) -> Layer:
        self.training = True
        return self

    def eval(self) -> Layer:
        self.training = False
        return self

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # -- shared checks: clear errors instead of numpy broadcast errors ----------------------
    def _remember(self, out: np.ndarray) -> np.ndarray:
        self._out_shape = out.shape
        return out

    def _check_dout(self, dout: np.ndarray) -> np.ndarray:
        name = type(self).__name__
        if self._out_shape is None:
            raise RuntimeError(f"{name}.backward called before forward: run forward(x) first")
        dout = np.asarray(dout)
        if dout.shape != self._out_shape:
            raise ValueError(f"{name}.backward expects dout of shape {self._out_shape} "
                             f"(the shape of its output), got {dout.shape}")
        return dout


def _as_float_array(x, layer: str) -> np.ndarray:
    x = np.asarray(x)
    if not (np.issubdtype(x.dtype, np.floating) or np.issubdtype(x.dtype, np.integer)
            or x.dtype == bool):
        raise TypeError(f"{layer} expects a numeric array, got dtype {x.dtype}")
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


_INITS: dict[str, Initializer] = {
    "normal": initializers.normal,
    "xavier": initializers.xavier_normal,
    "he": initializers.he_normal,
}


class Linear(Layer):
    r"""Affine layer :math:`\mathrm{out} = x W + b`.

    Parameters
    ----------
    in_features, out_features : D and M.
    init : "he" (default, for ReLU networks), "xavier", "normal" (std 0.01) or a function
        ``f(shape, *, rng, dtype)`` returning the (D, M) weight matrix. The bias starts at 0.
    dtype : float32 or float64; inputs are computed in this dtype.
    rng : a seed or ``numpy.random.Generator`` for the initial weights.

    Shape: x (N, D) -> out (N, M); W (D, M), b (M,).
    Backward: dx = dout W^T, dW = x^T dout, db = sum_n dout_n.
    """

    def __init__(self, in_features: int, out_features: int, *, init: str | Initializer = "he",
                 dtype=np.float64, rng: int | np.random.Generator | None = None):
        super().__init__()
        for name, value in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"Linear: {name} must be a positive integer, got {value!r}")
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"Linear: dtype must be float32 or float64, got {dtype}")
        if isinstance(init, str):
            if init not in _INITS:
                raise ValueError(f"Linear: unknown init {init!r}; choose one of {sorted(_INITS)} "
                                 "or pass a function f(shape, *, rng, dtype)")
            init = _INITS[init]
        self.in_features, self.out_features, self.dtype = int(in_features), int(out_features), dtype
        rng = np.random.default_rng(rng)
        W = np.asarray(init((self.in_features, self.out_features), rng=rng, dtype=dtype), dtype=dtype)
        self.W = Parameter(W)
        self.b = Parameter(np.zeros(self.out_features, dtype=dtype))
        self._x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, repr(self)).astype(self.dtype, copy=False)
        D = self.in_features
        if x.ndim != 2 or x.shape[1] != D:
            hint = ("; did you forget to flatten?" if x.ndim > 2 and np.prod(x.shape[1:]) == D
                    else "")
            raise ValueError(f"{self!r} expects x of shape (N, {D}), got {x.shape}{hint}")
        self._x = x
        return self._remember(x @ self.W.value + self.b.value)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout).astype(self.dtype, copy=False)
        x = self._x
        self.W.grad = x.T @ dout                      # (D, N) @ (N, M) -> (D, M)
        self.b.grad = dout.sum(axis=0)                # (M,)
        return dout @ self.W.value.T                  # (N, M) @ (M, D) -> (N, D)

    def parameters(self) -> dict[str, Parameter]:
        return {"W": self.W, "b": self.b}

    def __repr__(self) -> str:
        return f"Linear({self.in_features} → {self.out_features})"


class ReLU(Layer):
    r""":math:`\mathrm{relu}(x) = \max(0, x)`, elementwise.

    Backward: dx = dout * [x > 0]. At exactly x = 0 the derivative is taken to be 0, as in
    PyTorch (any value in [0, 1] is a valid subgradient).
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "ReLU")
        self._mask = x > 0
        return self._remember(np.maximum(x, 0, dtype=x.dtype))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        return np.where(self._mask, dout, 0).astype(dout.dtype, copy=False)


class LeakyReLU(Layer):
    r""":math:`x` for :math:`x > 0`, else :math:`\alpha x` (``negative_slope`` = α).

    Backward: dx = dout for x > 0, α dout otherwise (so at x = 0 the slope is α, as in PyTorch).
    """

    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        if not np.isfinite(negative_slope) or negative_slope < 0:
            raise ValueError(f"LeakyReLU: negative_slope must be a finite number ≥ 0, "
                             f"got {negative_slope!r}")
        self.negative_slope = float(negative_slope)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "LeakyReLU")
        self._mask = x > 0
        return self._remember(np.where(self._mask, x, self.negative_slope * x).astype(x.dtype))

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        return np.where(self._mask, dout, self.negative_slope * dout).astype(dout.dtype)

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope})"


def sigmoid(x: np.ndarray) -> np.ndarray:
    r""":math:`\sigma(x) = 1 / (1 + e^{-x})`, computed without overflow for any x."""
    x = np.asarray(x)
    return np.exp(-np.logaddexp(0, -x)).astype(x.dtype, copy=False)


class Sigmoid(Layer):
    r""":math:`\sigma(x) = 1 / (1 + e^{-x})`. Backward: dx = dout σ(x)(1 − σ(x))."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = sigmoid(_as_float_array(x, "Sigmoid"))
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        return dout * self._out * (1 - self._out)


class Tanh(Layer):
    r""":math:`\tanh(x)`. Backward: dx = dout (1 − tanh²(x))."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = np.tanh(_as_float_array(x, "Tanh"))
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        return dout * (1 - self._out ** 2)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r""":math:`\mathrm{softmax}(x)_j = e^{x_j - \max x} / \sum_k e^{x_k - \max x}` along ``axis``.

    Subtracting the maximum changes nothing mathematically and keeps ``exp`` from overflowing.
    """
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


class Softmax(Layer):
    r"""Softmax along the last axis: scores (N, C) -> probabilities (N, C), rows summing to 1.

    Backward (Jacobian-vector product): dx = y ⊙ (dout − Σ_j dout_j y_j), with y = softmax(x).
    For training a classifier use :class:`nnbook.losses.SoftmaxCrossEntropy` on the logits
    instead: it fuses both steps and is stable.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "Softmax")
        if x.ndim == 0:
            raise ValueError("Softmax expects at least one axis (scores of shape (N, C)), got a scalar")
        self._out = softmax(x)
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        y = self._out
        return y * (dout - (dout * y).sum(axis=-1, keepdims=True))


class Dropout(Layer):
    r"""Inverted dropout: in training, zero each unit with probability p and scale the rest by 1/(1 − p).

    The expected activation is unchanged, so evaluation mode is the identity.
    Backward: dx = dout ⊙ mask / (1 − p), with the same mask as the forward pass.
    """

    def __init__(self, p: float = 0.5, *, rng: int | np.random.Generator | None = None):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"Dropout: p is the probability of dropping a unit, in [0, 1); got {p!r}")
        self.p = float(p)
        self.rng = np.random.default_rng(rng)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "Dropout")
        if not self.training or self.p == 0:
            self._scale = None
            return self._remember(x)
        keep = self.rng.random(x.shape) >= self.p
        self._scale = (keep / (1 - self.p)).astype(x.dtype)
        return self._remember(x * self._scale)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._check_dout(dout)
        return dout if self._scale is None else dout * self._scale

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class Sequential(Layer):
    """Layers applied one after another; backward runs them in reverse order.

    Parameters are named by position and name, ``"0.W"``, ``"0.b"``, ``"2.W"``, ...;
    ``train()`` and ``eval()`` reach every layer.
    """

    def __init__(self, *layers: Layer):
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential: item {i} is {type(layer).__name__}, not a Layer")
        self.layers = list(layers)

    def forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def parameters(self) -> dict[str, Parameter]:
        return {f"{i}.{name}": p for i, layer in enumerate(self.layers)
                for name, p in layer.parameters().items()}

    def train(self) -> Sequential:
        self.training = True
        for layer in self.layers:
            layer.train()
        return self

    def eval(self) -> Sequential:
        self.training = False
        for layer in self.layers:
            layer.eval()
        return self

    def __getitem__(self, i: int) -> Layer:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = "".join(f"\n  ({i}) {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)"
