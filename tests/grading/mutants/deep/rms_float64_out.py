"""Mutant of 5.2: returns float64 for float32 inputs."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.2"

def rmsnorm_backward(dout, cache):
    x, g, r = cache
    dx, dg = ref.rmsnorm_backward(dout.astype(np.float64), (x.astype(np.float64), g.astype(np.float64), r.astype(np.float64)))
    return dx, dg
