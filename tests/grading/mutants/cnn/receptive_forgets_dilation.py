"""Mutant of 6.6: ignores the dilation."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.6"

def receptive_field(layers):
    return ref.receptive_field([(K, S, 1) for K, S, d in layers])
