"""Mutant of 2.6: drops the validation: -1 wraps around, a label C raises IndexError."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.6"

def confusion_counts(y_true, y_pred, C):
    M = np.zeros((C, C), dtype=np.int64)
    np.add.at(M, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return M
