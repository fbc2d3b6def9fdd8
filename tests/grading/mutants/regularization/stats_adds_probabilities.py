"""Mutant of 4.9: adds the two probabilities of a zero (0.5 + 0.25)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.9"

def predict_dropout_statistics():
    return 0.75, 1 / np.sqrt(2 * np.pi)
