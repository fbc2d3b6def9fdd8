"""Mutant of 6.6: returns a numpy array instead of a list of ints."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.6"

def receptive_field(layers):
    return np.array(ref.receptive_field(layers))
