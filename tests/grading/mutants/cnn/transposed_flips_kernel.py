"""Mutant of 6.5: pastes the kernel flipped (a convolution's flip applied twice)."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"

def conv_transpose2d(x, w, stride=1, padding=0):
    return ref.conv_transpose2d(x, np.ascontiguousarray(np.asarray(w)[:, :, ::-1, ::-1]), stride, padding)
