"""Mutant of 6.3: backward copies dout to every pixel without dividing by H·W."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"

def global_avg_pool_backward(dout, x_shape):
    N, C, H, W = x_shape
    return ref.global_avg_pool_backward(dout, x_shape) * (H * W)
