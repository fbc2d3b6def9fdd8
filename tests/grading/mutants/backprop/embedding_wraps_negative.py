"""Mutant of 1.7: lets numpy wrap negative indices around instead of rejecting them."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.7"


def embedding_forward(idx, W):
    if np.any(idx >= W.shape[0]):
        raise ValueError("index out of range")
    return W[idx], (idx, W.shape)
