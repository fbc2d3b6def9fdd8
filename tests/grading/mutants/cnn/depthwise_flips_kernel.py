"""Mutant of 6.4: convolves with the flipped depthwise kernel (a true convolution, not torch's cross-correlation)."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.4"


def depthwise_separable_conv(x, w_depth, w_point, padding=0):
    return ref.depthwise_separable_conv(x, w_depth[:, :, ::-1, ::-1].copy(), w_point, padding)
