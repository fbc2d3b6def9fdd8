"""Mutant of 6.5: has the default stride 2 (upsampling by default)."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"


def conv_transpose2d(x, w, stride=2, padding=0):
    return ref.conv_transpose2d(x, w, stride, padding)
