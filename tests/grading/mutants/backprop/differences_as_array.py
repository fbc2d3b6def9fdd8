"""Mutant of 1.9: returns a numpy array instead of two numbers."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.9"

def predict_difference_errors():
    return np.array([0.0601, 1e-4])
