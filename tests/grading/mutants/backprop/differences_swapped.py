"""Mutant of 1.9: the two errors in the wrong order."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.9"

def predict_difference_errors():
    return 1e-4, 0.0601
