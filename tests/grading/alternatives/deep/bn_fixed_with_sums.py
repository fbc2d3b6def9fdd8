"""Alternative for 5.3: the fix written with sums and N instead of means."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.3"


def batchnorm_backward(dout, cache):
    xhat, gamma, inv_std = cache
    N = dout.shape[0]
    dxhat = dout * gamma
    dx = inv_std / N * (N * dxhat - dxhat.sum(axis=0) - xhat * (dxhat * xhat).sum(axis=0))
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)
