"""Mutant of 5.5: changes dW in place and returns it."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    out = ref.adaptive_clip(W, dW, clipping, eps)
    if out.shape == dW.shape and np.array_equal(out, dW):
        return dW
    return out
