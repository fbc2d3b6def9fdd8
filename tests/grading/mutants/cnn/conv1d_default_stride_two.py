"""Mutant of 6.1: has the default stride 2."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.1"


def conv1d_forward(x, w, b, stride=2, padding=0):
    return ref.conv1d_forward(x, w, b, stride, padding)
