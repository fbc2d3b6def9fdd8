"""Mutant of 6.1: pads nothing, so with padding the output is too short."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.1"

def conv1d_forward(x, w, b, stride=1, padding=0):
    return ref.conv1d_forward(x, w, b, stride, 0)
