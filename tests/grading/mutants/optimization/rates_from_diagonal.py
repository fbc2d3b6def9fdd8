"""Mutant of 3.7: reads the curvatures off A's diagonal (5 and 2)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.7"

def predict_learning_rates():
    return 2 / 5, 2 / 7
