"""Mutant of 2.2: one bias per input unit instead of per output."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"

def predict_mlp_parameters():
    return 784 * 256 + 784 + 256 * 128 + 256 + 128 * 10 + 128
