"""Mutant of 1.1: writes the result into x itself."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.1"


def elu_forward(x, alpha=1.0):
    negative = x < 0
    x[negative] = alpha * np.expm1(x[negative])
    return x, (x.copy(), x.copy(), alpha)
