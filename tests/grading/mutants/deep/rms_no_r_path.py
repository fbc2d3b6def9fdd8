"""Mutant of 5.2: ignores the path through r (treats r as a constant)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.2"

def rmsnorm_backward(dout, cache):
    x, g, r = cache
    dx = dout * g / r
    return dx.astype(x.dtype), np.sum(dout * x / r, axis=tuple(range(x.ndim - 1))).astype(x.dtype)
