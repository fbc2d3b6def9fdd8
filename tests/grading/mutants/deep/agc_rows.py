"""Mutant of 5.5: treats rows as units."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    return ref.adaptive_clip(np.asarray(W).T, np.asarray(dW).T, clipping, eps).T.copy()
