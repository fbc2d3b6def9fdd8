"""Mutant of 4.2: scales every column to norm c, also the short ones."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.2"

def max_norm(W, c):
    ref.max_norm(W, c)
    norms = np.linalg.norm(W, axis=0)
    return (W * (c / np.where(norms > 0, norms, 1))).astype(W.dtype)
