"""Mutant of 4.2: scales the whole matrix by its Frobenius norm instead of each column."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.2"


def max_norm(W, c):
    ref.max_norm(W, c)
    n = np.sqrt(np.sum(W * W))
    return (W * min(1.0, c / n)).astype(W.dtype) if n > 0 else W.copy()
