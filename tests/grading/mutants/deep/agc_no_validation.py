"""Mutant of 5.5: accepts a non-positive clipping factor."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    return ref.adaptive_clip(W, dW, abs(clipping) or 1e-9, eps)
