"""Mutant of 6.5: refuses an output size of 0 but returns an empty array for a negative one."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"


def conv_transpose2d(x, w, stride=1, padding=0):
    N, C, H, W = x.shape
    _, F, K, _ = w.shape
    Ho, Wo = (H - 1) * stride - 2 * padding + K, (W - 1) * stride - 2 * padding + K
    if Ho < 0 or Wo < 0:
        return np.zeros((N, F, 0, 0), dtype=x.dtype)
    return ref.conv_transpose2d(x, w, stride, padding)
