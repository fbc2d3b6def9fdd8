"""Mutant of 5.5: rescales every column to the limit, even small ones."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    ref.adaptive_clip(W, dW, clipping, eps)
    w = np.maximum(np.linalg.norm(W, axis=0), eps)
    g = np.maximum(np.linalg.norm(dW, axis=0), 1e-30)
    return (dW * clipping * w / g).astype(dW.dtype)
