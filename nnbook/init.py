r"""Weight initializers for a (D, M) weight matrix: D = fan_in inputs, M = fan_out outputs.

Chapter: Backpropagation (the Layer API) and Multilayer perceptrons (why the scale matters).

The scale is chosen so that activations keep their variance from layer to layer:
Xavier/Glorot (Glorot & Bengio, 2010) for tanh and sigmoid, :math:`\mathrm{Var}(W) = 2/(D+M)`;
He/Kaiming (He et al., 2015) for ReLU, :math:`\mathrm{Var}(W) = 2/D`.
Each function takes ``rng`` (a seed or a ``numpy.random.Generator``) and ``dtype``.
"""
from __future__ import annotations

import numpy as np

Rng = int | np.random.Generator | None


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) < 2:
        raise ValueError(f"initializers need a weight shape (fan_in, fan_out, ...), got {shape}")
    receptive = int(np.prod(shape[2:])) if len(shape) > 2 else 1
    return shape[0] * receptive, shape[1] * receptive


def normal(shape: tuple[int, ...], std: float = 0.01, *, rng: Rng = None,
           dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim \mathcal{N}(0, \mathrm{std}^2)` (CS231n's two-layer net uses a small std)."""
    return (std * np.random.default_rng(rng).standard_normal(shape)).astype(dtype)


def xavier_normal(shape: tuple[int, ...], *, rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim \mathcal{N}(0, 2 / (D + M))`."""
    fan_in, fan_out = _fans(shape)
    return normal(shape, np.sqrt(2.0 / (fan_in + fan_out)), rng=rng, dtype=dtype)


def xavier_uniform(shape: tuple[int, ...], *, rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim U(-a, a)`, :math:`a = \sqrt{6 / (D + M)}`."""
    fan_in, fan_out = _fans(shape)
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(rng).uniform(-a, a, shape).astype(dtype)


def he_normal(shape: tuple[int, ...], *, rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim \mathcal{N}(0, 2 / D)`."""
    fan_in, _ = _fans(shape)
    return normal(shape, np.sqrt(2.0 / fan_in), rng=rng, dtype=dtype)


def he_uniform(shape: tuple[int, ...], *, rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim U(-a, a)`, :math:`a = \sqrt{6 / D}`."""
    fan_in, _ = _fans(shape)
    a = np.sqrt(6.0 / fan_in)
    return np.random.default_rng(rng).uniform(-a, a, shape).astype(dtype)
