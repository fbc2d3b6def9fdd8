"""Mutant of 6.3: refuses fewer than 4 axes but averages the last two of a 5-D x."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.3"


def global_avg_pool(x):
    if x.ndim < 4:
        raise ValueError("global_avg_pool expects images")
    return x.mean(axis=(-2, -1)).astype(x.dtype)
