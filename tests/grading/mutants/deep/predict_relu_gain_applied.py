"""Mutant of 5.1: uses He's gain, so the ratio is 1."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.1"

def signal_predictions():
    return {**ref.signal_predictions(), "relu_ratio": 1.0}
