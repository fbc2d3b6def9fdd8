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

The *gain* of an activation (:func:`gain`, as ``torch.nn.init.calculate_gain``) corrects the
variance for what the activation does to it: a layer keeps the second moment of its input when
:math:`\mathrm{Var}(W) = \mathrm{gain}^2 / n`, with n the fan-in (forward signal) or the fan-out
(backward gradient, ``mode="fan_out"``). ReLU zeroes half of a symmetric input, hence
gain² = 2 (chapter: Deep networks, section "Signals through depth").

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


NONLINEARITIES = ("linear", "identity", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu")
MODES = ("fan_in", "fan_out")


def _gain2(nonlinearity: str, param: float | None, where: str) -> float:
    """The squared gain (exact for ReLU: 2.0, so He's default std is sqrt(2 / fan_in) exactly)."""
    nonlinearity = check.choice(nonlinearity, "nonlinearity", where, NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        a = 0.01 if param is None else check.number(param, "param (the negative slope)", where)
        return 2.0 / (1 + a * a)
    if param is not None:
        check.number(param, "param (the negative slope)", where)
        raise ValueError(f"{where}: param is the negative slope of leaky_relu; {nonlinearity!r} "
                         f"takes none, got param={param!r}")
    return {"linear": 1.0, "identity": 1.0, "conv2d": 1.0, "sigmoid": 1.0, "tanh": 25 / 9,
            "relu": 2.0, "selu": 0.5625}[nonlinearity]


def gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The recommended gain of an activation, the value ``torch.nn.init.calculate_gain`` returns.

    ==============  ==========================================
    linear, conv2d  1
    sigmoid         1
    tanh            5/3
    relu            :math:`\sqrt{2}`
    leaky_relu      :math:`\sqrt{2 / (1 + a^2)}`, a = ``param`` (default 0.01)
    selu            3/4
    ==============  ==========================================

    ReLU and leaky ReLU are exact: for a symmetric pre-activation z,
    :math:`E[f(z)^2] = \frac{1 + a^2}{2} E[z^2]`. tanh's 5/3 and SELU's 3/4 are torch's
    conventions (empirical), and sigmoid's 1 is not variance-preserving at all (sigmoid is not
    centred): the chapter measures them.
    """
    g2 = _gain2(nonlinearity, param, "init.gain")
    return {2.0: float(np.sqrt(2.0)), 25 / 9: 5 / 3, 0.5625: 0.75}.get(g2, float(np.sqrt(g2))) \
        if nonlinearity != "leaky_relu" else float(np.sqrt(g2))


def _std(shape, layout: str, mode: str, nonlinearity: str, param, where: str) -> float:
    mode = check.choice(mode, "mode", where, MODES)
    fan_in, fan_out = fans(shape, layout)
    return float(np.sqrt(_gain2(nonlinearity, param, where) / (fan_in if mode == "fan_in" else fan_out)))


def _setup(where: str, shape, layout: str | None, rng: Rng, dtype, *, fan: bool = True):
    fan_in, fan_out = fans(shape, layout) if fan else (None, None)
    shape = check.shape(shape, "shape", where, min_ndim=1)
    return shape, fan_in, fan_out, check.rng(rng, "rng", where), check.float_dtype(dtype, "dtype", where)


def normal(shape: tuple[int, ...], std: float = 0.01, *, rng: Rng = None,
           dtype=np.float64) -> np.ndarray:
    r""":math:`W_{ij} \sim \mathcal{N}(0, \mathrm{std}^2)` (CS231n's two-layer net uses a small std).

    Any shape; ``std`` ≥ 0."""
    std = check.number(std, "std", "init.normal", low=0)
    shape, _, _, gen, dtype = _setup("init.normal", shape, None, rng, dtype, fan=False)
    return (std * gen.standard_normal(shape)).astype(dtype)


def xavier_normal(shape: tuple[int, ...], *, layout: str = "linear", gain: float = 1.0,
                  rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim \mathcal{N}(0, \mathrm{gain}^2 \cdot 2 / (n_{in} + n_{out}))`: the
    compromise between keeping the forward signal (fan-in) and the gradient (fan-out)."""
    g = check.number(gain, "gain", "init.xavier_normal", low=0, low_open=True)
    shape, fan_in, fan_out, gen, dtype = _setup("init.xavier_normal", shape, layout, rng, dtype)
    return (g * np.sqrt(2.0 / (fan_in + fan_out)) * gen.standard_normal(shape)).astype(dtype)


def xavier_uniform(shape: tuple[int, ...], *, layout: str = "linear", gain: float = 1.0,
                   rng: Rng = None, dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim U(-a, a)`, :math:`a = \mathrm{gain}\sqrt{6 / (n_{in} + n_{out})}`."""
    g = check.number(gain, "gain", "init.xavier_uniform", low=0, low_open=True)
    shape, fan_in, fan_out, gen, dtype = _setup("init.xavier_uniform", shape, layout, rng, dtype)
    a = g * np.sqrt(6.0 / (fan_in + fan_out))
    return gen.uniform(-a, a, shape).astype(dtype)


def he_normal(shape: tuple[int, ...], *, layout: str = "linear", mode: str = "fan_in",
              nonlinearity: str = "relu", param: float | None = None, rng: Rng = None,
              dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim \mathcal{N}(0, \mathrm{gain}^2 / n)`, n = fan_in (``mode="fan_in"``, keeps
    the forward signal) or fan_out (keeps the backward gradient); the defaults give
    :math:`\mathcal{N}(0, 2 / n_{in})` (torch's ``kaiming_normal_`` with ``nonlinearity="relu"``)."""
    shape, _, _, gen, dtype = _setup("init.he_normal", shape, layout, rng, dtype)
    std = _std(shape, layout, mode, nonlinearity, param, "init.he_normal")
    return (std * gen.standard_normal(shape)).astype(dtype)


def he_uniform(shape: tuple[int, ...], *, layout: str = "linear", mode: str = "fan_in",
               nonlinearity: str = "relu", param: float | None = None, rng: Rng = None,
               dtype=np.float64) -> np.ndarray:
    r""":math:`W \sim U(-a, a)`, :math:`a = \mathrm{gain}\sqrt{3 / n}` (the same variance as
    :func:`he_normal`); the defaults give :math:`a = \sqrt{6 / n_{in}}`."""
    shape, _, _, gen, dtype = _setup("init.he_uniform", shape, layout, rng, dtype)
    a = np.sqrt(3.0) * _std(shape, layout, mode, nonlinearity, param, "init.he_uniform")
    return gen.uniform(-a, a, shape).astype(dtype)
