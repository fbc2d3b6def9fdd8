"""Mutant of 4.7: cuts a square of size + 1."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.7"

def cutout(X, size, *, rng):
    return ref.cutout(X, size + 1 if size > 0 else 0, rng=rng)
