"""Mutant of 6.3: pools the last two axes of any array, 3-D included."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"

def global_avg_pool(x):
    return np.asarray(x).mean(axis=(-2, -1))
