"""Mutant of 4.8: fixes training but also scales by (1 − p) in evaluation."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.8"

def dropout(x, p, *, train, rng):
    if not 0 <= p < 1:
        raise ValueError("p")
    if not train:
        return (x * (1 - p)).astype(x.dtype)
    keep = rng.random(x.shape) >= p
    return (x * keep / (1 - p)).astype(x.dtype, copy=False)
