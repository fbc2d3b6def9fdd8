"""Mutant of 1.3: drops the 1/2 of the product rule's second term."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.3"


def gelu_backward(dout, cache):
    x, t = cache
    local = 0.5 * (1 + t) + x * (1 - t ** 2) * GELU_C * (1 + 3 * 0.044715 * x ** 2)
    return (dout * local).astype(dout.dtype)
