r"""Weight initializers: the scale of the initial weights from the number of inputs and outputs.

Chapter: Backpropagation (the Layer API) and Multilayer perceptrons (why the scale matters).

The scale is chosen so that activations keep their variance from layer to layer:
Xavier/Glorot (Glorot & Bengio, 2010) for tanh and sigmoid, :math:`\mathrm{Var}(W) = 2/(n_{in}+n_{out})`;
He/Kaiming (He et al., 2015) for ReLU, :math:`\mathrm{Var}(W) = 2/n_{in}`.

Fan-in and fan-out depend on how a weight is laid out (:func:`fans`):

- ``layout="linear"``: W (D, M) as :class:`nnbook.layers.Linear` stores it, ``x @ W``:
  fan_in = D, fan_out = M.
- ``layout="conv"``: W (F, C, HH, WW) as torch and CS231n lay out a convolution's filters:
  fan_in = C·HH·WW, fan_out = F·HH·WW (torch's ``_calculate_fan_in_and_fan_out``).

Each function takes ``rng`` (a seed or a ``numpy.random.Generator``) and ``dtype``.
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check

Rng = int | np.random.Generator | None

LAYOUTS = ("linear", "conv")


def fans(shape: tuple[int, ...], layout: str = "linear") -> tuple[int, int]:
    r"""``(fan_in, fan_out)`` of a weight of this shape and layout.

    linear: (D, M) -> (D, M). conv: (F, C, HH, WW) -> (C·HH·WW, F·HH·WW).
    """
    layout = check.choice(layout, "layout", "init.fans", LAYOUTS)
    shape = check.shape(shape, "shape", "init.fans", ndim=2 if layout == "linear" else 4)
    if layout == "linear":
        return shape[0], shape[1]
    F, C, HH, WW = shape
    return C * HH * WW, F * HH * WW


def _setup(where: str, shape, layout: str | None, rng: Rng, dtype, *, fan: bool = True):
    fan_in, fan_out = fans(shape, layout) if fan else (None, None)
    shape = check.shape(shape, "shape", where)
    return shape, fan_in, fan_out, check.rng(rng, "rng", where), check.float_dtype(dtype, "dtype", where)


def normal(shape: tuple[int, ...], std: float = 0.01, *, rng: Rng = None,
           dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim \mathcal{N}(0, \mathrm{std}^2)` (CS231n's two-layer net uses a small std).

    Any shape; ``std`` ≥ 0."""
    std = check.number(std, "std", "init.normal", low=0)
    shape, _, _, gen, dtype = _setup("init.normal", shape, None, rng, dtype, fan=False)
    return (std * gen.standard_normal(shape)).astype(dtype)


def xavier_normal(shape: tuple[int, ...], *, layout: str = "linear", rng: Rng = None,
                  dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim \mathcal{N}(0, 2 / (n_{in} + n_{out}))`."""
    shape, fan_in, fan_out, gen, dtype = _setup("init.xavier_normal", shape, layout, rng, dtype)
    return (np.sqrt(2.0 / (fan_in + fan_out)) * gen.standard_normal(shape)).astype(dtype)


def xavier_uniform(shape: tuple[int, ...], *, layout: str = "linear", rng: Rng = None,
                   dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim U(-a, a)`, :math:`a = \sqrt{6 / (n_{in} + n_{out})}`."""
    shape, fan_in, fan_out, gen, dtype = _setup("init.xavier_uniform", shape, layout, rng, dtype)
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return gen.uniform(-a, a, shape).astype(dtype)


def he_normal(shape: tuple[int, ...], *, layout: str = "linear", rng: Rng = None,
              dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim \mathcal{N}(0, 2 / n_{in})`."""
    shape, fan_in, _, gen, dtype = _setup("init.he_normal", shape, layout, rng, dtype)
    return (np.sqrt(2.0 / fan_in) * gen.standard_normal(shape)).astype(dtype)


def he_uniform(shape: tuple[int, ...], *, layout: str = "linear", rng: Rng = None,
               dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim U(-a, a)`, :math:`a = \sqrt{6 / n_{in}}`."""
    shape, fan_in, _, gen, dtype = _setup("init.he_uniform", shape, layout, rng, dtype)
    a = np.sqrt(6.0 / fan_in)
    return gen.uniform(-a, a, shape).astype(dtype)
