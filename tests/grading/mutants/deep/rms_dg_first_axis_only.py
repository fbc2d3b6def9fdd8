"""Mutant of 5.2: sums dg over the first axis only (wrong for (N, T, D))."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.2"

def rmsnorm_backward(dout, cache):
    dx, _ = ref.rmsnorm_backward(dout, cache)
    x, g, r = cache
    dg = np.sum(dout * x / r, axis=0)
    return dx, dg.reshape(-1)[: x.shape[-1]] if dg.ndim > 1 else dg
