"""Mutant of 3.7: 2 / trace(A) as the stability limit."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.7"

def predict_learning_rates():
    return 2 / 7, 2 / 7
