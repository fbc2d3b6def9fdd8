"""Mutant of 6.4: has the default padding 1 (same size for 3 × 3 kernels)."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.4"


def depthwise_separable_conv(x, w_depth, w_point, padding=1):
    return ref.depthwise_separable_conv(x, w_depth, w_point, padding)
