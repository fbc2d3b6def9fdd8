"""Mutant of 4.3: returns dscores in float64 for float32 scores."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.3"


def label_smoothing_cross_entropy(scores, y, eps=0.1):
    loss, d = ref.label_smoothing_cross_entropy(scores, y, eps)
    return loss, d.astype(np.float64)
