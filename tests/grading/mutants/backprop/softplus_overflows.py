"""Mutant of 1.2: the naive formula, log(1 + e^x), is inf for x = 1000."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.2"


def softplus_forward(x):
    with np.errstate(over="ignore"):
        return np.log(1 + np.exp(x)).astype(x.dtype), x
