"""Mutant of 1.9: an error of the size of h for the forward difference."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.9"

def predict_difference_errors():
    return 0.01, 1e-4
