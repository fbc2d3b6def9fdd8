"""Mutant of 4.2: returns float64 for a float32 W."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.2"


def max_norm(W, c):
    return ref.max_norm(W, c).astype(np.float64)
