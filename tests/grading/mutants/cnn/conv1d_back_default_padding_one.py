"""Mutant of 6.2: has the default padding 1."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.2"


def conv1d_backward(dout, x, w, stride=1, padding=1):
    return ref.conv1d_backward(dout, x, w, stride, padding)
