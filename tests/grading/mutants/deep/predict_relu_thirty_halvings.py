"""Mutant of 5.1: counts 30 halvings instead of 29."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.1"

def signal_predictions():
    return {**ref.signal_predictions(), "relu_ratio": 0.5 ** 30}
