"""Mutant of 4.5: averages the probabilities but takes the std of the scores."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.5"


def mc_dropout_predict(model, X, K):
    if isinstance(K, bool) or not isinstance(K, (int, np.integer)) or K < 1:
        raise ValueError("K")
    was = model.training
    model.train()
    scores = np.stack([model.forward(X) for _ in range(K)])
    if not was:
        model.eval()
    return np.mean([softmax(s) for s in scores], axis=0), scores.std(axis=0)
