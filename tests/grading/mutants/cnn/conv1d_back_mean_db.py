"""Mutant of 6.2: averages db over the batch instead of summing."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.2"

def conv1d_backward(dout, x, w, stride=1, padding=0):
    dx, dw, db = ref.conv1d_backward(dout, x, w, stride, padding)
    return dx, dw, (db / np.asarray(dout).shape[0]).astype(db.dtype)
