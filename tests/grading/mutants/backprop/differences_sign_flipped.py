"""Mutant of 1.9: exact minus quotient: both signs wrong."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.9"

def predict_difference_errors():
    return -0.0601, -1e-4
