"""Mutant of 2.5: refuses only a missing positive class."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.5"


def roc_points(y_true, scores):
    if np.sum(np.asarray(y_true) == 1) == 0:
        raise ValueError("no positives")
    if np.sum(np.asarray(y_true) == 0) == 0:
        n = len(y_true)
        return np.linspace(0, 1, n + 1), np.linspace(0, 1, n + 1), np.r_[np.inf, np.sort(scores)[::-1]]
    return ref.roc_points(y_true, scores)
