"""Mutant of 6.5: returns the weights' dtype for float32 x with float64 w."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"


def conv_transpose2d(x, w, stride=1, padding=0):
    return ref.conv_transpose2d(x, w, stride, padding).astype(np.result_type(x, w))
