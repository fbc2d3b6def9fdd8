"""Mutant of 6.4: convolves every channel with the first channel's filter."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.4"

def depthwise_separable_conv(x, w_depth, w_point, padding=0):
    w_depth = np.asarray(w_depth)
    return ref.depthwise_separable_conv(x, np.repeat(w_depth[:1], w_depth.shape[0], axis=0), w_point, padding)
