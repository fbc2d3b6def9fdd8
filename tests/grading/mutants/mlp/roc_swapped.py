"""Mutant of 2.5: returns tpr where fpr belongs and vice versa."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
from solutions.mlp import roc_points as reference

EXERCISE = "2.5"


def roc_points(y_true, scores):
    fpr, tpr, thresholds = reference(y_true, scores)
    return tpr, fpr, thresholds
