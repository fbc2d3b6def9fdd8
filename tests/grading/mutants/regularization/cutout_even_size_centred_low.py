"""Mutant of 4.7: puts the extra row and column of an even square below the centre (top = cy − (size − 1) // 2)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.7"


def cutout(X, size, *, rng):
    if X.ndim != 4:
        raise ValueError("cutout expects (N, C, H, W)")
    if size < 0:
        raise ValueError("size")
    N, C, H, W = X.shape
    cy, cx = rng.integers(0, H, N), rng.integers(0, W, N)
    out = X.copy()
    for n in range(N):
        top, left = cy[n] - (size - 1) // 2, cx[n] - (size - 1) // 2
        out[n, :, max(top, 0): max(top + size, 0), max(left, 0): max(left + size, 0)] = 0
    return out
