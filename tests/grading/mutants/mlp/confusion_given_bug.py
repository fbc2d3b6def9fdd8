"""Mutant of 2.6: the given code: buffered fancy-index += counts a repeated pair once."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.6"

def confusion_counts(y_true, y_pred, C):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError("lengths")
    for labels in (y_true, y_pred):
        if labels.size and (labels.min() < 0 or labels.max() >= C):
            raise ValueError("labels")
    M = np.zeros((C, C), dtype=np.int64)
    M[y_true, y_pred] += 1
    return M
