"""Mutant of 6.1: returns the dtype of the weights for float32 x with float64 w."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.1"


def conv1d_forward(x, w, b, stride=1, padding=0):
    out = ref.conv1d_forward(x, w, b, stride, padding)
    return out.astype(np.result_type(x, w, b))
