"""Mutant of 3.7: 2/λ_min as the limit, 1/λ_min as the best rate."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.7"

def predict_learning_rates():
    return 2.0, 1.0
