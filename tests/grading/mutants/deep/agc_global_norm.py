"""Mutant of 5.5: clips with the norms of the whole matrices instead of per unit."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"

def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    ref.adaptive_clip(W, dW, clipping, eps)                  # the reference's validation
    w, g = max(np.linalg.norm(W), eps), np.linalg.norm(dW)
    return (dW * (clipping * w / g if g > clipping * w else 1.0)).astype(dW.dtype)
