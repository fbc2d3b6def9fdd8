"""Mutant of 1.3: forgets the inner derivative of u = c (x + 0.044715 x^3)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.3"


def gelu_backward(dout, cache):
    x, t = cache
    local = 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2)
    return (dout * local).astype(dout.dtype)
