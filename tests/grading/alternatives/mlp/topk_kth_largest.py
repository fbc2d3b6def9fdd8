"""Alternative for 2.4: the true class is in the top k when its score is at least the k-th
largest score of the row (sorting instead of counting)."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.4"


def top_k_accuracy(scores, y, k=5):
    N, C = scores.shape
    if k < 1 or k > C:
        raise ValueError(f"top_k_accuracy: k = {k} is outside [1, C] = [1, {C}]")
    kth_largest = np.sort(scores, axis=1)[:, C - k]
    return float(np.count_nonzero(scores[np.arange(N), y] >= kth_largest) / N)
