"""Mutant of 2.2: counts the two hidden layers only."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"

def predict_mlp_parameters():
    return 784 * 256 + 256 + 256 * 128 + 128
