"""Mutant of 6.3: returns a read-only broadcast view from the backward pass."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"


def global_avg_pool_backward(dout, x_shape):
    N, C, H, W = x_shape
    return np.broadcast_to((dout / (H * W))[:, :, None, None], tuple(x_shape))
