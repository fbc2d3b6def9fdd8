"""Mutant of 4.9: forgets the 1/(1 − p): the mean shrinks by 1 − p."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.9"

def predict_dropout_statistics():
    return 0.625, 0.75 / np.sqrt(2 * np.pi)
