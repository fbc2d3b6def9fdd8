"""Alternative for 4.7: a loop over the images, slicing the clipped square out of a copy."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.7"


def cutout(X, size, *, rng):
    if np.ndim(X) != 4:
        raise ValueError(f"X must be (N, C, H, W), got shape {np.shape(X)}")
    if size < 0:
        raise ValueError(f"size must be >= 0, got {size}")
    N, _, H, W = X.shape
    cy = rng.integers(0, H, N)
    cx = rng.integers(0, W, N)
    out = X.copy()
    for n in range(N):
        top, left = cy[n] - size // 2, cx[n] - size // 2
        r0, r1 = max(top, 0), min(top + size, H)
        c0, c1 = max(left, 0), min(left + size, W)
        if size > 0:
            out[n, :, r0:r1, c0:c1] = 0
    return out
