"""The same model in PyTorch: copy an nnbook layer or loss into its ``torch.nn`` twin.

Chapter: Backpropagation (checking against autograd) and Multilayer perceptrons (graduating
to torch.nn). torch is imported only when these functions are called.

nnbook's Linear stores W as (D, M) and computes ``x @ W``; torch's stores ``weight`` as (M, D)
and computes ``x @ weight.T``, so the copy transposes.
"""
from __future__ import annotations

import numpy as np

from nnbook import layers as L
from nnbook import losses


def to_torch(layer: L.Layer, *, dtype=None):
    """A ``torch.nn.Module`` computing the same function with the same weights.

    Parameter names map as ``"0.W"`` -> ``"0.weight"`` (transposed) and ``"0.b"`` -> ``"0.bias"``.
    """
    import torch
    from torch import nn

    if isinstance(layer, L.Sequential):
        return nn.Sequential(*[to_torch(child, dtype=dtype) for child in layer.layers])
    if isinstance(layer, L.Linear):
        dtype = dtype or getattr(torch, layer.dtype.name)
        module = nn.Linear(layer.in_features, layer.out_features, dtype=dtype)
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(np.ascontiguousarray(layer.W.value.T)))
            module.bias.copy_(torch.from_numpy(layer.b.value))
        return module
    simple = {L.ReLU: nn.ReLU, L.Sigmoid: nn.Sigmoid, L.Tanh: nn.Tanh}
    if type(layer) in simple:
        return simple[type(layer)]()
    if isinstance(layer, L.LeakyReLU):
        return nn.LeakyReLU(layer.negative_slope)
    if isinstance(layer, L.Softmax):
        return nn.Softmax(dim=-1)
    if isinstance(layer, L.Dropout):
        return nn.Dropout(layer.p)
    raise TypeError(f"to_torch: no torch equivalent registered for {type(layer).__name__}")


def torch_parameter_name(name: str) -> str:
    """``"0.W"`` -> ``"0.weight"``, ``"b"`` -> ``"bias"``."""
    prefix, _, last = name.rpartition(".")
    mapped = {"W": "weight", "b": "bias"}.get(last, last)
    return f"{prefix}.{mapped}" if prefix else mapped


def torch_gradient(name: str, grad) -> np.ndarray:
    """A torch parameter's gradient in nnbook's layout (weights transposed back to (D, M))."""
    g = grad.detach().numpy()
    return g.T if name.rsplit(".", 1)[-1] == "W" else g


def to_torch_loss(loss: losses.Loss):
    """The ``torch.nn.functional`` loss with the same definition (mean reduction)."""
    import torch.nn.functional as F

    if isinstance(loss, losses.SoftmaxCrossEntropy):
        return lambda s, y: F.cross_entropy(s, y.long())
    if isinstance(loss, losses.MSE):
        return F.mse_loss
    if isinstance(loss, losses.BinaryCrossEntropy):
        return lambda s, y: F.binary_cross_entropy_with_logits(s, y.reshape(s.shape).to(s.dtype))
    raise TypeError(f"to_torch_loss: no torch equivalent registered for {type(loss).__name__}")
