"""Mutant of 5.2: divides the r-path term by D r^2 instead of D r^3."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.2"

def rmsnorm_backward(dout, cache):
    x, g, r = cache
    D = x.shape[-1]
    dxhat = dout * g
    dx = dxhat / r - x * np.sum(dxhat * x, axis=-1, keepdims=True) / (D * r ** 2)
    return dx.astype(x.dtype), np.sum(dout * x / r, axis=tuple(range(x.ndim - 1))).astype(x.dtype)
