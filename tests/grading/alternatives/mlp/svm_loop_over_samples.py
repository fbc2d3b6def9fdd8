"""Alternative for 2.1: a plain Python loop over samples and classes (CS231n's svm_loss_naive)."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.1"


def svm_loss(scores, y, margin=1.0):
    N, C = scores.shape
    loss = 0.0
    dscores = np.zeros(scores.shape, dtype=np.float64)
    for n in range(N):
        correct = scores[n, y[n]]
        for j in range(C):
            if j == y[n]:
                continue
            m = scores[n, j] - correct + margin
            if m > 0:
                loss += m
                dscores[n, j] += 1
                dscores[n, y[n]] -= 1
    return float(loss / N), (dscores / N).astype(scores.dtype)
