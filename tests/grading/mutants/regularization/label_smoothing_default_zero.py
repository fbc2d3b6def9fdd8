"""Mutant of 4.3: defaults to eps = 0."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.3"

def label_smoothing_cross_entropy(scores, y, eps=0.0):
    return ref.label_smoothing_cross_entropy(scores, y, eps)
