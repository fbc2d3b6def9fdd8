"""Mutant of 5.5: drops the floor eps (a zero column of W gets zero gradient)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    if not eps > 0:
        raise ValueError("eps")
    return ref.adaptive_clip(W, dW, clipping, 1e-300)
