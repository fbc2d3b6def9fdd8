"""Mutant of 3.7: the right numbers as strings."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.7"

def predict_learning_rates():
    return '0.3333', '0.2857'
