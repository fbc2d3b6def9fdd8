"""Layers: a forward/backward pair each, with parameters and their gradients under one name.

Chapter: Backpropagation, section "The Layer API".

Every layer caches what its backward pass needs during ``forward`` and, in ``backward``,
returns the gradient for its input and *adds* the gradient of each of its parameters into
that parameter's ``grad`` (``p.grad += ...``). Gradients accumulate, as in PyTorch and
micrograd: a layer or a parameter used in several places of a model receives the sum of the
gradients of all its uses, which is what the chain rule asks for. The price is that ``grad``
must be cleared before each new backward pass: that is what ``zero_grad()`` is for (the
Trainer calls it every step).

Layers form a tree, as torch modules do. A :class:`Parameter` or a :class:`Layer` assigned as
an attribute in ``__init__`` (after ``super().__init__()``) is registered automatically, in
order; parameters are named by their path in the tree (``"0.W"``, ``"block.conv1.W"``), and
``train()``/``eval()``, ``zero_grad()``, ``state_dict()`` and printing all walk the tree.

Shapes use fixed letters: N samples, D input features, M output features.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping

import numpy as np

from nnbook import _validate as check
from nnbook import init as initializers

Initializer = Callable[..., np.ndarray]


class Parameter:
    """A trainable array and its gradient, kept side by side.

    ``value`` is updated in place by optimizers; ``grad`` has the same shape and dtype, is
    *added to* by every ``backward`` that uses the parameter and cleared by ``zero_grad()``.

    Clearing is lazy, as torch's ``grad = None``: ``zero_grad()`` only marks ``grad`` as zero,
    and the first :meth:`accumulate` after it writes its result straight into ``grad`` instead of
    adding it to zeros (no temporary array, no pass over the zeros). Reading ``grad`` in between
    fills it with zeros first, so every reader sees exactly what an eager clear would give.
    """

    __slots__ = ("value", "_grad", "_cleared")

    def __init__(self, value: np.ndarray):
        self.value = check.array(value, "value", "Parameter", kind="float", finite=True, min_size=1)
        if not self.value.flags.writeable:
            raise ValueError("Parameter: value must be a writable array (optimizers update it in "
                             "place), got a read-only one; pass a copy: Parameter(value.copy())")
        self.grad = np.zeros_like(value)

    @property
    def grad(self) -> np.ndarray:
        if self._cleared:
            self._grad[...] = 0
            self._cleared = False
        return self._grad

    @grad.setter
    def grad(self, g: np.ndarray) -> None:
        self._grad, self._cleared = g, False

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    @property
    def dtype(self) -> np.dtype:
        return self.value.dtype

    def zero_grad(self) -> None:
        self._cleared = True

    def accumulate(self, op: Callable[..., np.ndarray], *operands: np.ndarray, **kwargs) -> None:
        """``grad += op(*operands, **kwargs)`` for a numpy function that takes ``out=``, e.g.
        ``W.accumulate(np.matmul, x.T, dout)`` for ``W.grad += x.T @ dout``.

        Right after ``zero_grad()`` (and when every operand has grad's dtype, so that ``op``
        computes in that dtype as it would without ``out``) the result goes straight into
        ``grad``: the same numbers, without a temporary array or a pass over zeros."""
        if self._cleared and all(a.dtype == self._grad.dtype for a in operands):
            op(*operands, out=self._grad, **kwargs)
            self._cleared = False
        else:
            self.grad += op(*operands, **kwargs)

    def __repr__(self) -> str:
        return f"Parameter(shape={self.value.shape}, dtype={self.value.dtype})"


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


class Layer:
    """The interface every layer follows, and the tree every model is.

    ``forward(x) -> out`` caches what ``backward`` needs (in attributes whose name starts with
    ``_``); ``backward(dout) -> dx`` returns the gradient of the loss for ``x`` given the
    gradient ``dout`` for ``out`` (same shape as ``out``) and *adds* into the ``grad`` of every
    parameter. When ``needs_input_grad`` is False (the input is data, e.g. the first layer of a
    model under the Trainer) ``backward`` skips dx and returns None.

    Parameters and child layers assigned as attributes are registered in order; the tree is
    walked by :meth:`named_parameters`, :meth:`children`, :meth:`modules`, ``train()`` /
    ``eval()`` (only Dropout behaves differently), :meth:`zero_grad`, :meth:`state_dict` and
    :meth:`load_state_dict`.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_parameters", {})   # name -> Parameter, in assignment order
        object.__setattr__(self, "_children", {})     # name -> Layer
        object.__setattr__(self, "_buffers", {})      # name -> array saved in state_dict
        self.training = True
        self.needs_input_grad = True
        self._out_shape: tuple[int, ...] | None = None

    # -- the tree ----------------------------------------------------------------------------
    def __setattr__(self, name: str, value) -> None:
        registries = self.__dict__.get("_parameters"), self.__dict__.get("_children")
        if registries[0] is None:
            if isinstance(value, (Parameter, Layer)):
                raise AttributeError(f"{type(self).__name__}: call super().__init__() before "
                                     f"assigning the {type(value).__name__} {name!r}")
            object.__setattr__(self, name, value)
            return
        params, children = registries
        if isinstance(value, Parameter):
            children.pop(name, None)
            params[name] = value
        elif isinstance(value, Layer):
            params.pop(name, None)
            children[name] = value
        else:
            params.pop(name, None)
            children.pop(name, None)
            if name in self._buffers:
                self._buffers[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._children, self._buffers):
            registry.pop(name, None)
        object.__delattr__(self, name)

    def add_child(self, name: str, layer: Layer) -> None:
        """Register ``layer`` under ``name`` (any string without a dot, e.g. ``"0"``)."""
        where = f"{type(self).__name__}.add_child"
        check.instance(layer, f"layer ({name!r})", where, Layer)
        if "." in check.string(name, "name", where):
            raise ValueError(f"{where}: name must be a non-empty string without '.', got {name!r}")
        setattr(self, name, layer)

    def register_buffer(self, name: str, value: np.ndarray) -> None:
        """Keep the array ``value`` as attribute ``name`` and in :meth:`state_dict`, without
        training it (e.g. a batch norm's running mean)."""
        where = f"{type(self).__name__}.register_buffer"
        check.string(name, "name", where)
        self._buffers[name] = check.array(value, "value", where, finite=True)
        object.__setattr__(self, name, self._buffers[name])

    def named_children(self) -> Iterator[tuple[str, Layer]]:
        """(name, child) for each direct child, in order; a child registered twice comes once."""
        seen = set()
        for name, child in self._children.items():
            if id(child) not in seen:
                seen.add(id(child))
                yield name, child

    def children(self) -> Iterator[Layer]:
        return (child for _, child in self.named_children())

    def named_modules(self, prefix: str = "", _seen: set | None = None) -> Iterator[tuple[str, Layer]]:
        """(path, layer) for this layer (path ``""``) and every layer below it, depth first."""
        seen = set() if _seen is None else _seen
        if id(self) in seen:
            return
        seen.add(id(self))
        yield prefix, self
        for name, child in self._children.items():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name, seen)

    def modules(self) -> Iterator[Layer]:
        return (layer for _, layer in self.named_modules())

    def submodule(self, path: str) -> Layer:
        """The layer at ``path`` (``""`` is this layer), e.g. ``model.submodule("block.conv1")``."""
        layer = self
        path = check.string(path, "path", f"{type(self).__name__}.submodule", empty=True)
        for part in path.split(".") if path else []:
            if part not in layer._children:
                raise ValueError(f"{type(self).__name__}.submodule: path {path!r} does not exist: "
                                 f"{type(layer).__name__} has no child {part!r}; "
                               f"its children are {list(layer._children)}")
            layer = layer._children[part]
        return layer

    def named_parameters(self) -> Iterator[tuple[str, Parameter]]:
        """(path, parameter) for every parameter of the tree, each one once (a parameter shared
        by several layers keeps its first path): own parameters first, then each child's."""
        seen = set()
        for prefix, layer in self.named_modules():
            for name, p in layer._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield (f"{prefix}.{name}" if prefix else name), p

    def parameters(self) -> dict[str, Parameter]:
        """The trainable parameters by path, e.g. ``{"0.W": ..., "0.b": ...}`` (``{}`` if none)."""
        return dict(self.named_parameters())

    # -- modes and gradients -------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0: call it before each backward pass, since
        ``backward`` adds to what is there."""
        for _, p in self.named_parameters():
            p.zero_grad()

    def train(self, mode: bool = True) -> Layer:
        """Training mode (or evaluation mode with ``mode=False``) for every layer of the tree."""
        mode = check.flag(mode, "mode", f"{type(self).__name__}.train")
        for layer in self.modules():
            layer.training = mode
        return self

    def eval(self) -> Layer:
        return self.train(False)

    # -- state ----------------------------------------------------------------------------------
    def extra_state(self) -> dict:
        """State besides parameters and buffers to save in :meth:`state_dict` (override)."""
        return {}

    def check_extra_state(self, key: str, value) -> Callable[[], None]:
        """Validate one entry of :meth:`extra_state` and return the function that restores it."""
        raise ValueError(f"{type(self).__name__} keeps no extra state {key!r}")

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of every parameter value, buffer and extra state (a Dropout's generator) by path:
        everything needed to make this model compute exactly what it computes now."""
        state = {name: p.value.copy() for name, p in self.named_parameters()}
        for prefix, layer in self.named_modules():
            entries = {**{k: np.copy(v) for k, v in layer._buffers.items()}, **layer.extra_state()}
            for key, value in entries.items():
                state[f"{prefix}.{key}" if prefix else key] = value
        return state

    def _plan_load(self, state: Mapping, where: str) -> list[Callable[[], None]]:
        """Check ``state`` against the model; return the actions that apply it (nothing changed)."""
        if not isinstance(state, Mapping) and not hasattr(state, "keys"):
            raise TypeError(f"{where}: state must be a dict path -> array as state_dict() returns, "
                            f"got {type(state).__name__}")
        own = self.state_dict()
        missing, unexpected = sorted(own.keys() - state.keys()), sorted(state.keys() - own.keys())
        if missing or unexpected:
            raise ValueError(f"{where}: the state does not fit this model: missing {missing}, "
                             f"unexpected {unexpected}; was it saved from a different architecture?")
        actions = []
        params = self.parameters()
        for prefix, layer in self.named_modules():
            names = {**{k: "buffer" for k in layer._buffers}, **{k: "extra" for k in layer.extra_state()}}
            names.update({k: "param" for k, p in layer._parameters.items()})
            for key, kind in names.items():
                path = f"{prefix}.{key}" if prefix else key
                if kind == "extra":
                    actions.append(layer.check_extra_state(key, state[path]))
                    continue
                if kind == "param" and path not in params:
                    continue                              # a shared parameter, loaded once
                target = params[path].value if kind == "param" else layer._buffers[key]
                actions.append(_check_array_entry(where, path, state[path], target))
        return actions

    def check_state_dict(self, state: Mapping) -> None:
        """Raise a ValueError/TypeError if ``state`` cannot be loaded into this model (keys,
        shapes, dtypes, finiteness); change nothing."""
        self._plan_load(state, f"{type(self).__name__}.check_state_dict")

    def load_state_dict(self, state: Mapping) -> None:
        """Copy ``state`` (from :meth:`state_dict`) into this model. Everything is checked before
        anything changes: on an error the model is as it was."""
        for apply in self._plan_load(state, f"{type(self).__name__}.load_state_dict"):
            apply()

    # -- calling and printing ---------------------------------------------------------------
    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} does not implement forward")

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        raise NotImplementedError(f"{type(self).__name__} does not implement backward")

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def extra_repr(self) -> str:
        """The settings shown inside the parentheses of ``repr`` (override)."""
        return ""

    def __repr__(self) -> str:
        inner = "".join(f"\n  ({name}) {_indent(repr(child))}" for name, child in self._children.items())
        return f"{type(self).__name__}({self.extra_repr()}{inner}{chr(10) if inner else ''})"

    # -- shared checks: clear errors instead of numpy broadcast errors ----------------------
    def _remember(self, out: np.ndarray) -> np.ndarray:
        self._out_shape = out.shape
        return out

    def _check_dout(self, dout: np.ndarray) -> np.ndarray:
        name = type(self).__name__
        if self._out_shape is None:
            raise RuntimeError(f"{name}.backward called before forward: run forward(x) first")
        if type(dout) is not np.ndarray or dout.dtype.kind != "f":     # the common case skips this
            dout = check.array(dout, "dout", f"{name}.backward")
        if dout.shape != self._out_shape:
            raise ValueError(f"{name}.backward expects dout of shape {self._out_shape} "
                             f"(the shape of its output), got {dout.shape}")
        return dout


def _plain(a):
    """JSON for the arrays and numpy integers inside a generator's state."""
    return np.asarray(a).tolist()


def _check_array_entry(where: str, path: str, value, target: np.ndarray) -> Callable[[], None]:
    value = np.asarray(value)
    if value.shape != target.shape:
        raise ValueError(f"{where}: {path!r} has shape {value.shape} in the state but {target.shape} "
                         "in the model; was it saved from a different architecture?")
    if value.dtype.kind != target.dtype.kind or (value.dtype.kind == "f" and not np.all(np.isfinite(value))):
        what = f"dtype {value.dtype}" if value.dtype.kind != target.dtype.kind else "NaN or inf values"
        raise ValueError(f"{where}: {path!r} holds {what}; the model expects finite "
                         f"{target.dtype} values. Is the state corrupt?")

    def apply() -> None:
        target[...] = value
    return apply


def _as_float_array(x, layer: str) -> np.ndarray:
    """x as a floating array (integers and bools become float64)."""
    if type(x) is np.ndarray and x.dtype.kind == "f" and x.ndim:   # the common case, fast
        return x
    x = check.array(x, "x", f"{layer}.forward")
    if x.ndim == 0:
        raise ValueError(f"{layer}.forward: x must be an array of shape (N, ...), got the scalar {x!r}")
    return x if x.dtype.kind == "f" else x.astype(np.float64)


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

    Shape: x (N, D) -> out (N, M).
    Weight layout: W (D, M), inputs along the rows (fan_in = D, fan_out = M; the transpose of
    torch's ``weight`` (M, D), see :mod:`nnbook.torch_bridge`); b (M,).
    Backward: dx = dout W^T, dW += x^T dout, db += sum_n dout_n.
    """

    def __init__(self, in_features: int, out_features: int, *, init: str | Initializer = "he",
                 dtype=np.float64, rng: int | np.random.Generator | None = None):
        super().__init__()
        self.in_features = check.positive_int(in_features, "in_features", "Linear")
        self.out_features = check.positive_int(out_features, "out_features", "Linear")
        self.dtype = dtype = check.float_dtype(dtype, "dtype", "Linear")
        if isinstance(init, str) or not callable(init):
            init = _INITS[check.choice(init, "init", "Linear", sorted(_INITS))]
        rng = check.rng(rng, "rng", "Linear")
        W = init((self.in_features, self.out_features), rng=rng, dtype=dtype)   # (D, M)
        W = check.array(W, "the initial W", "Linear", shape=(self.in_features, self.out_features),
                        kind="float", finite=True).astype(dtype, copy=False)
        self.W = Parameter(W)
        self.b = Parameter(np.zeros(self.out_features, dtype=dtype))
        self._x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "Linear").astype(self.dtype, copy=False)
        D = self.in_features
        if x.ndim != 2 or x.shape[1] != D:
            hint = ("; did you forget to flatten?" if x.ndim > 2 and np.prod(x.shape[1:]) == D
                    else "")
            raise ValueError(f"{self!r} expects x of shape (N, {D}), got {x.shape}{hint}")
        self._x = x
        out = x @ self.W.value                        # (N, D) @ (D, M) -> (N, M)
        out += self.b.value                           # in place: no second (N, M) array
        return self._remember(out)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout).astype(self.dtype, copy=False)
        self.W.accumulate(np.matmul, self._x.T, dout)  # dW += x^T dout: (D, N) @ (N, M) -> (D, M)
        self.b.accumulate(np.add.reduce, dout, axis=0)  # db += sum_n dout_n: (M,)
        if not self.needs_input_grad:
            return None
        return dout @ self.W.value.T                  # (N, M) @ (M, D) -> (N, D)

    def extra_repr(self) -> str:
        return f"{self.in_features} → {self.out_features}"


class ReLU(Layer):
    r""":math:`\mathrm{relu}(x) = \max(0, x)`, elementwise.

    Backward: dx = dout * [x > 0]. At exactly x = 0 the derivative is taken to be 0, as in
    PyTorch (any value in [0, 1] is a valid subgradient).
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "ReLU")
        self._mask = x > 0
        return self._remember(np.maximum(x, 0, dtype=x.dtype))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout * self._mask                      # bool mask: dout where x > 0, else 0


class LeakyReLU(Layer):
    r""":math:`x` for :math:`x > 0`, else :math:`\alpha x` (``negative_slope`` = α).

    Backward: dx = dout for x > 0, α dout otherwise (so at x = 0 the slope is α, as in PyTorch).
    """

    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        self.negative_slope = check.number(negative_slope, "negative_slope", "LeakyReLU", low=0)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "LeakyReLU")
        self._mask = x > 0
        return self._remember(np.where(self._mask, x, self.negative_slope * x).astype(x.dtype))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return np.where(self._mask, dout, self.negative_slope * dout).astype(dout.dtype)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


def sigmoid(x: np.ndarray) -> np.ndarray:
    r""":math:`\sigma(x) = 1 / (1 + e^{-x})`, computed without overflow for any x."""
    if type(x) is not np.ndarray or x.dtype.kind != "f":
        x = check.array(x, "x", "sigmoid")
        x = x if x.dtype.kind == "f" else x.astype(np.float64)
    return np.exp(-np.logaddexp(0, -x)).astype(x.dtype, copy=False)


class Sigmoid(Layer):
    r""":math:`\sigma(x) = 1 / (1 + e^{-x})`. Backward: dx = dout σ(x)(1 − σ(x))."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = sigmoid(_as_float_array(x, "Sigmoid"))
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout * self._out * (1 - self._out)


class Tanh(Layer):
    r""":math:`\tanh(x)`. Backward: dx = dout (1 − tanh²(x))."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self._out = np.tanh(_as_float_array(x, "Tanh"))
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout * (1 - self._out ** 2)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r""":math:`\mathrm{softmax}(x)_j = e^{x_j - \max x} / \sum_k e^{x_k - \max x}` along ``axis``.

    Subtracting the maximum changes nothing mathematically and keeps ``exp`` from overflowing.
    """
    if type(x) is not np.ndarray or x.dtype.kind != "f":
        x = check.array(x, "x", "softmax")
    axis = check.integer(axis, "axis", "softmax", low=-max(x.ndim, 1), high=max(x.ndim, 1) - 1)
    if x.ndim == 0 or x.shape[axis] == 0:
        raise ValueError(f"softmax: x must have at least one entry along axis={axis}, got shape {x.shape}")
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
        if x.shape[-1] == 0:
            raise ValueError(f"Softmax expects scores (N, C) with C ≥ 1 classes, got x of shape {x.shape}")
        self._out = softmax(x)
        return self._remember(self._out)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        y = self._out
        return y * (dout - (dout * y).sum(axis=-1, keepdims=True))


class Dropout(Layer):
    r"""Inverted dropout: in training, zero each unit with probability p and scale the rest by 1/(1 − p).

    The expected activation is unchanged, so evaluation mode is the identity.
    Backward: dx = dout ⊙ mask / (1 − p), with the same mask as the forward pass.
    The generator's state is part of :meth:`state_dict` (key ``"rng"``), so a run resumed from
    a checkpoint draws the same masks as one that never stopped.
    """

    def __init__(self, p: float = 0.5, *, rng: int | np.random.Generator | None = None):
        super().__init__()
        self.p = check.probability(p, "p (the probability of dropping a unit)", "Dropout", high_open=True)
        self.rng = check.rng(rng, "rng", "Dropout")

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "Dropout")
        if not self.training or self.p == 0:
            self._scale = None
            return self._remember(x)
        keep = self.rng.random(x.shape) >= self.p
        self._scale = (keep / (1 - self.p)).astype(x.dtype)
        return self._remember(x * self._scale)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout if self._scale is None else dout * self._scale

    def extra_state(self) -> dict[str, dict]:
        return {"rng": json.loads(json.dumps(self.rng.bit_generator.state, default=_plain))}

    def check_extra_state(self, key: str, value) -> Callable[[], None]:
        kind = type(self.rng.bit_generator).__name__
        state = value
        if isinstance(value, (str, np.ndarray)):               # as JSON text, e.g. from a file
            try:
                state = json.loads(str(value))
            except json.JSONDecodeError:
                state = None
        if key != "rng" or not isinstance(state, dict) or state.get("bit_generator") != kind:
            raise ValueError(f"Dropout: {key!r} in the state is not the state of a {kind} generator "
                             f"(got {str(value)[:60]!r}); is the state corrupt?")

        def apply() -> None:
            self.rng.bit_generator.state = state
        return apply

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Sequential(Layer):
    """Layers applied one after another; backward runs them in reverse order.

    The children are named by position, so parameters are ``"0.W"``, ``"0.b"``, ``"2.W"``, ...
    A layer may appear several times (``Sequential(lin, Tanh(), lin)``): each use keeps its own
    cache and the shared parameters receive the sum of the gradients of all uses.
    Setting ``needs_input_grad = False`` (the Trainer does: the input is data) lets the first
    layers skip computing the gradients nobody uses.
    """

    def __init__(self, *layers: Layer):
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential: item {i} is {type(layer).__name__}, not a Layer; "
                                "pass layers such as Sequential(Linear(4, 8), ReLU())")
            self.add_child(str(i), layer)
        counts = {}
        for layer in layers:
            counts[id(layer)] = counts.get(id(layer), 0) + 1
        self._shared = [counts[id(layer)] > 1 for layer in layers]   # uses that keep their own cache
        self._caches: list[dict | None] = [None] * len(layers)
        self.needs_input_grad = self.needs_input_grad                # propagate to the children

    @property
    def layers(self) -> list[Layer]:
        """The layers in order (a layer used twice appears twice)."""
        return list(self._children.values())

    @property
    def needs_input_grad(self) -> bool:
        return self.__dict__.get("_needs_input_grad", True)

    @needs_input_grad.setter
    def needs_input_grad(self, value: bool) -> None:
        """Child i needs its input's gradient if this input does or a layer before it has
        parameters (a layer used twice: if any of its uses does)."""
        self.__dict__["_needs_input_grad"] = upstream = bool(value)
        needs: dict[int, tuple[Layer, bool]] = {}
        for layer in self._children.values():
            needs[id(layer)] = layer, needs.get(id(layer), (layer, False))[1] or upstream
            upstream = upstream or bool(layer.parameters())
        for layer, flag in needs.values():
            layer.needs_input_grad = flag

    def forward(self, x: np.ndarray) -> np.ndarray:
        for i, layer in enumerate(self._children.values()):
            x = layer.forward(x)
            if self._shared[i]:                       # keep this use's cache for backward
                self._caches[i] = {k: v for k, v in layer.__dict__.items()
                                   if k.startswith("_") and k not in _REGISTRIES}
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        layers = list(self._children.values())
        for i in reversed(range(len(layers))):
            if self._shared[i]:
                if self._caches[i] is None:
                    raise RuntimeError("Sequential.backward called before forward: run forward(x) first")
                layers[i].__dict__.update(self._caches[i])
            dout = layers[i].backward(dout)
            if dout is None:                          # nothing before needs a gradient
                return None
        return dout

    def __getitem__(self, i: int) -> Layer:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self._children)


_REGISTRIES = frozenset({"_parameters", "_children", "_buffers"})
