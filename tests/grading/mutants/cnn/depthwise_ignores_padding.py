"""Mutant of 6.4: forgets the padding in the depthwise step."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.4"

def depthwise_separable_conv(x, w_depth, w_point, padding=0):
    return ref.depthwise_separable_conv(x, w_depth, w_point, 0)
