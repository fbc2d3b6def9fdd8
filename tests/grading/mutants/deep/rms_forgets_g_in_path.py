"""Mutant of 5.2: uses dout instead of dout * g inside the sum."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.2"

def rmsnorm_backward(dout, cache):
    x, g, r = cache
    D = x.shape[-1]
    dx = dout * g / r - x * np.sum(dout * x, axis=-1, keepdims=True) / (D * r ** 3)
    return dx.astype(x.dtype), np.sum(dout * x / r, axis=tuple(range(x.ndim - 1))).astype(x.dtype)
