"""Mutant of 6.5: cuts all 2P rows and columns from the bottom and right."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"

def conv_transpose2d(x, w, stride=1, padding=0):
    full = ref.conv_transpose2d(x, w, stride, 0)
    H, W = full.shape[2] - 2 * padding, full.shape[3] - 2 * padding
    return np.ascontiguousarray(full[:, :, :H, :W])
