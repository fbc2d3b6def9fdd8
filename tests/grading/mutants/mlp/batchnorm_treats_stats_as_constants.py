"""Mutant of 2.2: backpropagates as if mean and variance did not depend on x."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"


def batchnorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    return dout * gamma * inv_std, (dout * xhat).sum(axis=0), dout.sum(axis=0)
