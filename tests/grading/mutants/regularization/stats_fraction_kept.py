"""Mutant of 4.9: the fraction of non-zeros instead of zeros."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.9"

def predict_dropout_statistics():
    return 0.375, 1 / np.sqrt(2 * np.pi)
