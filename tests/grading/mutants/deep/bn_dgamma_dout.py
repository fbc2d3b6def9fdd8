"""Mutant of 5.3: returns dgamma as the sum of dout (forgets xhat)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.3"

def batchnorm_backward(dout, cache):
    dx, _, dbeta = ref.batchnorm_backward(dout, cache)
    return dx, dout.sum(axis=0), dbeta
