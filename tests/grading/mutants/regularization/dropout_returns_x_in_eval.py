"""Mutant of 4.8: evaluation returns x itself, not a copy."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.8"

def dropout(x, p, *, train, rng):
    if not 0 <= p < 1:
        raise ValueError("p")
    if not train:
        return x
    keep = rng.random(x.shape) >= p
    return (x * keep / (1 - p)).astype(x.dtype, copy=False)
