"""Mutant of 6.3: returns float64 for float32 input."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"

def global_avg_pool(x):
    return ref.global_avg_pool(x).astype(np.float64)
