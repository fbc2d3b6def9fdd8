"""Mutant of 4.9: E[max(z, 0)] taken as 1/2."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.9"

def predict_dropout_statistics():
    return 0.625, 0.5
