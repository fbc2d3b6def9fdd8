"""Mutant of 6.3: global max pooling instead of the mean."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"

def global_avg_pool(x):
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError("x must be 4-D")
    return x.max(axis=(2, 3))
