"""Mutant of 4.7: draws the centre so that the square always lies inside the image."""
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
    h = size // 2
    cy = rng.integers(min(h, H - 1), max(H - size + h, min(h, H - 1) + 1), N)
    cx = rng.integers(min(h, W - 1), max(W - size + h, min(h, W - 1) + 1), N)
    out = X.copy()
    for n in range(N):
        out[n, :, max(cy[n] - h, 0): cy[n] - h + size, max(cx[n] - h, 0): cx[n] - h + size] = 0
    return out
