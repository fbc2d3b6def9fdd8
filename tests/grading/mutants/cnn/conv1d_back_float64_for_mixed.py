"""Mutant of 6.2: returns the dtype of dout, not of x."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.2"


def conv1d_backward(dout, x, w, stride=1, padding=0):
    dtype = np.result_type(dout, x)
    return tuple(g.astype(dtype) for g in ref.conv1d_backward(dout, x, w, stride, padding))
