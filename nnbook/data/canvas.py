"""Digits at random places on a larger canvas: built-in image data where a CNN's structure matters.

Chapter: Convolutional networks. Generated offline from scikit-learn's 8×8 digits, so it is
always available. An MLP sees a digit moved by a few pixels as a different input; a
convolutional network, whose filters are slid over every position, does not.
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check

Rng = int | np.random.Generator | None


def make_digit_canvas(n: int | None = None, *, size: int = 24, scale: int = 1, clutter: int = 0,
                      rng: Rng = None, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits, each pasted at a random position of a blank ``size`` × ``size`` canvas.

    Parameters
    ----------
    n : number of images (default: 1797, each of scikit-learn's digits exactly once, in random
        order). Larger n reuses digits at new positions (then split the base digits first if a
        test set must hold digits never seen in training).
    size : side of the square canvas, at least the digit's side 8·``scale``.
    scale : each 8×8 digit is enlarged ``scale`` times (nearest neighbour) before pasting.
    clutter : how many 4×4 fragments of *other* digits are scattered over each canvas (at
        random places, combined by maximum), so that a classifier must find the whole shape,
        not just ink.
    rng : seed or Generator; the same seed gives the same images.

    Returns X (N, 1, size, size) with values in [0, 1] in ``dtype`` and y (N,) int64 labels.
    """
    from nnbook.data.datasets import load_digits

    where = "make_digit_canvas"
    scale = check.positive_int(scale, "scale", where)
    size = check.positive_int(size, "size", where)
    n = None if n is None else check.positive_int(n, "n", where)
    side = 8 * scale
    if size < side:
        raise ValueError(f"{where}: size={size} is smaller than the digit ({side}×{side} with "
                         f"scale={scale}); use size ≥ {side}")
    clutter = check.nonnegative_int(clutter, "clutter", where)
    dtype = check.float_dtype(dtype, "dtype", where)
    r = check.rng(rng, "rng", where)
    digits, labels = load_digits()
    images = digits.reshape(-1, 8, 8)
    if scale > 1:
        images = images.repeat(scale, axis=1).repeat(scale, axis=2)
    n = len(images) if n is None else n
    reps = -(-n // len(images))
    order = np.concatenate([r.permutation(len(images)) for _ in range(reps)])[:n]
    X = np.zeros((n, 1, size, size))
    rows, cols = r.integers(0, size - side + 1, n), r.integers(0, size - side + 1, n)
    for i, (k, top, left) in enumerate(zip(order, rows, cols)):
        X[i, 0, top: top + side, left: left + side] = images[k]
    f = 4 * scale                                          # fragments of other digits
    for _ in range(clutter):
        src = r.integers(0, len(images), n)
        fr, fc = r.integers(0, side - f + 1, n), r.integers(0, side - f + 1, n)
        tr, tc = r.integers(0, size - f + 1, n), r.integers(0, size - f + 1, n)
        for i in range(n):
            patch = images[src[i], fr[i]: fr[i] + f, fc[i]: fc[i] + f]
            region = X[i, 0, tr[i]: tr[i] + f, tc[i]: tc[i] + f]
            np.maximum(region, patch, out=region)
    return X.astype(dtype), labels[order]
