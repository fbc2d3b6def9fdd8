"""Mutant of 5.3: drops the mean of g (the path through mu)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.3"

def batchnorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    g = dout * gamma
    dx = inv_std * (g - xhat * (g * xhat).mean(axis=0, keepdims=True))
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)
