"""Mutant of 4.5: runs K + 1 passes (the first a warm-up it throws away)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.5"


def mc_dropout_predict(model, X, K):
    if isinstance(K, bool) or not isinstance(K, (int, np.integer)) or K < 1:
        raise ValueError("K")
    was = model.training
    model.train()
    model.forward(X)
    probs = np.stack([softmax(model.forward(X)) for _ in range(K)])
    if not was:
        model.eval()
    return probs.mean(axis=0), probs.std(axis=0)
