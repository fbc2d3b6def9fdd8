"""Mutant of 2.6: np.histogram2d with C bins spread over the labels that occur, not over [0, C)."""
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
    return np.histogram2d(y_true, y_pred, bins=C)[0].astype(np.int64)
