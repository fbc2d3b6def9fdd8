"""Mutant of 6.4: returns the filters' dtype for float32 x with float64 filters."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.4"


def depthwise_separable_conv(x, w_depth, w_point, padding=0):
    out = ref.depthwise_separable_conv(x, w_depth, w_point, padding)
    return out.astype(np.result_type(x, w_depth, w_point))
