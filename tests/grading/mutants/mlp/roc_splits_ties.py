"""Mutant of 2.5: one point per sample, so tied scores make a staircase instead of one step."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.5"


def roc_points(y_true, scores):
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], y_true[order]
    P, N = np.sum(t == 1), np.sum(t == 0)
    if P == 0 or N == 0:
        raise ValueError("need both classes")
    return (np.r_[0.0, np.cumsum(t == 0) / N], np.r_[0.0, np.cumsum(t == 1) / P],
            np.r_[np.inf, s].astype(np.float64))
