"""Mutant of 5.1: returns only two of the three answers."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.1"

def signal_predictions():
    out = ref.signal_predictions()
    del out["conv_std"]
    return out
