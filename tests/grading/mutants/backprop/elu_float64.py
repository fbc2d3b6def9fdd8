"""Mutant of 1.1: float32 input comes back as float64."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
from solutions.backprop import elu_forward as reference

EXERCISE = "1.1"


def elu_forward(x, alpha=1.0):
    out, cache = reference(x.astype(np.float64), alpha)
    return out, cache
