"""Mutant of 4.7: returns float64 images for float32 ones."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.7"


def cutout(X, size, *, rng):
    return ref.cutout(X, size, rng=rng).astype(np.float64)
