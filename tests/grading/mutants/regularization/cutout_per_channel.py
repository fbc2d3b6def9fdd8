"""Mutant of 4.7: cuts a different square in every channel."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.7"

def cutout(X, size, *, rng):
    if X.ndim != 4 or size < 0:
        raise ValueError("bad input")
    N, C, H, W = X.shape
    return np.stack([ref.cutout(X[:, c:c + 1], size, rng=rng)[:, 0] for c in range(C)], axis=1)
