"""Mutant of 1.7: the gradient table is always float64."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.7"


def embedding_backward(dout, cache):
    idx, shape = cache
    dW = np.zeros(shape)
    np.add.at(dW, idx, dout)
    return dW
