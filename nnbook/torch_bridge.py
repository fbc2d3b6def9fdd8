"""The same model in PyTorch: copy an nnbook layer or loss into its ``torch.nn`` twin.

Chapter: Backpropagation (checking against autograd) and Multilayer perceptrons (graduating
to torch.nn). torch is imported only when these functions are called.

Each layer type is mapped once, in a small registry: how to build its torch module and how
each of its parameters converts. nnbook's Linear stores W as (D, M) and computes ``x @ W``;
torch's stores ``weight`` as (M, D) and computes ``x @ weight.T``, so that copy transposes.
A conv layer whose weight is (F, C, HH, WW), as torch's, registers an identity copy::

    register(Conv2d, lambda layer, children, dtype: nn.Conv2d(...), W="weight", b="bias")

Layers with children (Sequential, or any block) are converted child by child; a layer used
twice becomes one torch module used twice, so the weights stay shared.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnbook import _validate as check
from nnbook import layers as L
from nnbook import losses


def _same(a: np.ndarray) -> np.ndarray:
    return a


def _transpose(a: np.ndarray) -> np.ndarray:
    return a.T


@dataclass(frozen=True)
class ParameterMap:
    """How one nnbook parameter maps to its torch twin: the torch attribute name, the function
    taking nnbook's array to torch's layout and the one taking torch's back (for gradients)."""

    torch_name: str
    to_torch: Callable[[np.ndarray], np.ndarray] = _same
    from_torch: Callable[[np.ndarray], np.ndarray] = _same


@dataclass(frozen=True)
class Twin:
    """``build(layer, children, dtype) -> torch.nn.Module`` (children: the converted child
    modules by name; dtype: a torch dtype or None) and the map of each parameter name."""

    build: Callable
    params: dict[str, ParameterMap]


_REGISTRY: dict[type, Twin] = {}


def register(layer_type: type, build: Callable, **params: str | ParameterMap) -> None:
    """Teach the bridge a layer type: ``build(layer, children, dtype)`` makes the torch module,
    and each keyword maps a parameter name to a torch attribute name (copied as is) or to a
    :class:`ParameterMap` (with layout conversions). Subclasses use their base's entry."""
    if not (isinstance(layer_type, type) and issubclass(layer_type, L.Layer)):
        raise TypeError(f"register: layer_type must be a Layer subclass, got {layer_type!r}")
    if not callable(build):
        raise TypeError(f"register: build must be a function (layer, children, dtype) -> module, got {build!r}")
    _REGISTRY[layer_type] = Twin(build, {name: m if isinstance(m, ParameterMap) else ParameterMap(m)
                                         for name, m in params.items()})


def twin_of(layer: L.Layer) -> Twin:
    """The registry entry for ``layer``'s type (or its closest registered base class)."""
    check.instance(layer, "layer", "to_torch", L.Layer, "pass an nnbook layer or model")
    for cls in type(layer).__mro__:
        if cls in _REGISTRY:
            return _REGISTRY[cls]
    raise TypeError(f"to_torch: layer {type(layer).__name__} has no torch equivalent registered; "
                    "register one with nnbook.torch_bridge.register")


def _torch_dtype(layer, dtype):
    import torch
    return dtype or getattr(torch, layer.dtype.name)


def _register_builtin() -> None:
    def simple(name, *args):
        def build(layer, children, dtype):
            from torch import nn
            return getattr(nn, name)(*[arg(layer) for arg in args])
        return build

    def linear(layer, children, dtype):
        from torch import nn
        return nn.Linear(layer.in_features, layer.out_features, dtype=_torch_dtype(layer, dtype))

    def sequential(layer, children, dtype):
        from torch import nn
        return nn.Sequential(*[children[name] for name in layer._children])

    register(L.Linear, linear, W=ParameterMap("weight", _transpose, _transpose), b="bias")
    register(L.Sequential, sequential)
    register(L.ReLU, simple("ReLU"))
    register(L.Sigmoid, simple("Sigmoid"))
    register(L.Tanh, simple("Tanh"))
    register(L.LeakyReLU, simple("LeakyReLU", lambda layer: layer.negative_slope))
    register(L.Softmax, simple("Softmax", lambda layer: -1))
    register(L.Dropout, simple("Dropout", lambda layer: layer.p))


_register_builtin()


def to_torch(layer: L.Layer, *, dtype=None):
    """A ``torch.nn.Module`` computing the same function with the same weights.

    Parameter names map through the registry: ``"0.W"`` -> ``"0.weight"`` (transposed for
    Linear), ``"0.b"`` -> ``"0.bias"``. ``dtype``: a torch dtype, or the layer's own.
    """
    import torch

    if dtype is not None and not isinstance(dtype, torch.dtype):
        raise TypeError(f"to_torch: dtype must be a torch dtype such as torch.float64 or None, got {dtype!r:.60}")
    if dtype is not None and not dtype.is_floating_point:
        raise ValueError(f"to_torch: dtype must be a floating-point torch dtype, got {dtype}")
    return _convert(layer, dtype, {})


def _convert(layer: L.Layer, dtype, memo: dict):
    import torch

    if id(layer) in memo:                         # a layer used twice: one shared module
        return memo[id(layer)]
    twin = twin_of(layer)
    children = {name: _convert(child, dtype, memo) for name, child in layer._children.items()}
    module = twin.build(layer, children, dtype)
    with torch.no_grad():
        for name, p in layer._parameters.items():
            if name not in twin.params:
                raise TypeError(f"to_torch: the registry entry of {type(layer).__name__} does not "
                                f"map its parameter {name!r}")
            m = twin.params[name]
            getattr(module, m.torch_name).copy_(torch.from_numpy(np.ascontiguousarray(m.to_torch(p.value))))
    memo[id(layer)] = module
    return module


def _parameter_map(name: str, model: L.Layer | None, where: str) -> ParameterMap:
    check.string(name, "name", where)
    if model is not None:
        check.instance(model, "model", where, L.Layer, "pass the nnbook model or None")
    prefix, _, last = name.rpartition(".")
    if model is None:                             # without a model: Linear's convention
        return {"W": ParameterMap("weight", _transpose, _transpose), "b": ParameterMap("bias")}.get(
            last, ParameterMap(last))
    try:
        owner = model.submodule(prefix)
    except ValueError as e:
        raise ValueError(f"{where}: name {name!r} is not a parameter of the model ({e})") from None
    params = twin_of(owner).params
    if last not in params:
        raise ValueError(f"{where}: name {name!r} is not a parameter: {type(owner).__name__} has no "
                         f"parameter {last!r} in the torch registry")
    return params[last]


def torch_parameter_name(name: str, model: L.Layer | None = None) -> str:
    """The torch name of the nnbook parameter ``name`` of ``model``: ``"0.W"`` -> ``"0.weight"``."""
    mapped = _parameter_map(name, model, "torch_parameter_name").torch_name
    prefix, _, _ = name.rpartition(".")
    return f"{prefix}.{mapped}" if prefix else mapped


def torch_gradient(name: str, grad, model: L.Layer | None = None) -> np.ndarray:
    """A torch parameter's gradient in nnbook's layout (Linear's weights transposed back to (D, M))."""
    mapping = _parameter_map(name, model, "torch_gradient")
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(grad, torch.Tensor):
        raise TypeError(f"torch_gradient: grad must be a torch tensor (a parameter's .grad), got {grad!r:.60}")
    return mapping.from_torch(grad.detach().numpy())


def torch_gradients(model: L.Layer, module) -> dict[str, np.ndarray]:
    """Every parameter gradient of ``module`` (the twin of ``model``) by nnbook name and layout."""
    check.instance(model, "model", "torch_gradients", L.Layer, "pass the nnbook model")
    torch = sys.modules.get("torch")
    if torch is None or not isinstance(module, torch.nn.Module):
        raise TypeError(f"torch_gradients: module must be the torch twin of model (to_torch(model)), "
                        f"got {module!r:.60}")
    torch_params = dict(module.named_parameters())
    return {name: torch_gradient(name, torch_params[torch_parameter_name(name, model)].grad, model)
            for name in model.parameters()}


def to_torch_loss(loss: losses.Loss):
    """The ``torch.nn.functional`` loss with the same definition (mean reduction)."""
    import torch.nn.functional as F

    if isinstance(loss, losses.SoftmaxCrossEntropy):
        return lambda s, y: F.cross_entropy(s, y.long())
    if isinstance(loss, losses.MSE):
        return F.mse_loss
    if isinstance(loss, losses.BinaryCrossEntropy):
        return lambda s, y: F.binary_cross_entropy_with_logits(s, y.reshape(s.shape).to(s.dtype))
    raise TypeError(f"to_torch_loss: loss must be an nnbook Loss with a torch equivalent "
                    f"(SoftmaxCrossEntropy, MSE, BinaryCrossEntropy), got {type(loss).__name__}")
