"""Mutant of 6.1: returns an empty output instead of raising when the kernel is too long."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.1"

def conv1d_forward(x, w, b, stride=1, padding=0):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim == 3 and w.ndim == 3 and x.shape[2] + 2 * padding < w.shape[2]:
        return np.zeros((x.shape[0], w.shape[0], 0), dtype=x.dtype)
    return ref.conv1d_forward(x, w, b, stride, padding)
