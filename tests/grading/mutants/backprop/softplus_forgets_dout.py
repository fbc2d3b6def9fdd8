"""Mutant of 1.2: returns the local derivative without multiplying by dout."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.2"


def softplus_backward(dout, cache):
    x = cache
    return np.exp(-np.logaddexp(0, -x)).astype(dout.dtype)
