"""Mutant of 2.4: accepts any k."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.4"


def top_k_accuracy(scores, y, k=5):
    true = scores[np.arange(len(y)), y][:, None]
    return float(np.mean((scores > true).sum(axis=1) < k))
