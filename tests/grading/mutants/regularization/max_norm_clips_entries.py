"""Mutant of 4.2: clips each entry to [-c, c]."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.2"

def max_norm(W, c):
    ref.max_norm(W, c)
    return np.clip(W, -c, c)
