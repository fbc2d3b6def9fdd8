"""Mutant of 4.5: normalises each pass over the samples (axis 0) instead of the classes."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.5"


def mc_dropout_predict(model, X, K):
    if isinstance(K, bool) or not isinstance(K, (int, np.integer)) or K < 1:
        raise ValueError("K")
    was = model.training
    model.train()
    probs = []
    for _ in range(K):
        s = model.forward(X)
        e = np.exp(s - s.max(axis=0))
        probs.append(e / e.sum(axis=0))
    if not was:
        model.eval()
    probs = np.stack(probs)
    return probs.mean(axis=0), probs.std(axis=0)
