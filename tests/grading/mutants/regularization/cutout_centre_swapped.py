"""Mutant of 4.7: draws the column before the row."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.7"

def cutout(X, size, *, rng):
    if X.ndim != 4 or size < 0:
        raise ValueError("bad input")
    N, C, H, W = X.shape
    cx, cy = rng.integers(0, W, N), rng.integers(0, H, N)

    class Replay:
        def __init__(self):
            self.values = [cy, cx]

        def integers(self, *args, **kwargs):
            return self.values.pop(0)
    return ref.cutout(X, size, rng=Replay())
