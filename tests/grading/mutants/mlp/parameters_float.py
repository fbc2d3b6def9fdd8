"""Mutant of 2.2: the right count as a float."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"

def predict_mlp_parameters():
    return 235146.0
