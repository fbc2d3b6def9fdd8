"""Mutant of 4.2: returns W itself when no column is longer than c."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.2"


def max_norm(W, c):
    if c > 0 and np.ndim(W) == 2 and np.all(np.linalg.norm(W, axis=0) <= c):
        return W
    return ref.max_norm(W, c)
