"""Mutant of 4.9: E[|z|] instead of E[max(z, 0)]."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.9"

def predict_dropout_statistics():
    return 0.625, np.sqrt(2 / np.pi)
