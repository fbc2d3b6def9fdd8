"""Mutant of 1.1: the negative branch's derivative gets the wrong sign."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.1"


def elu_backward(dout, cache):
    x, out, alpha = cache
    return np.where(x > 0, dout, -dout * (out + alpha))
