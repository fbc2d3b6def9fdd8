"""Mutant of 4.7: returns X itself for size 0 (the caller's array, not a new one)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.7"


def cutout(X, size, *, rng):
    if size == 0 and np.ndim(X) == 4:
        return X
    return ref.cutout(X, size, rng=rng)
