"""Mutant of 6.8: the given code: ⌊(H − K + 1)/S⌋ windows, one short when S > 1 and H − K is a multiple of S."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.8"

def max_pool2d(x, size, stride=None):
    stride = size if stride is None else stride
    if np.ndim(x) != 4:
        raise ValueError("x must be 4-D")
    if size < 1 or stride < 1:
        raise ValueError("size, stride")
    N, C, H, W = x.shape
    if size > H or size > W:
        raise ValueError("too large")
    Ho, Wo = (H - size + 1) // stride, (W - size + 1) // stride
    out = np.empty((N, C, Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
