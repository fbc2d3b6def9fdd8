"""Mutant of 4.5: averages the scores and takes one softmax of the mean."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.5"

def mc_dropout_predict(model, X, K):
    if K < 1:
        raise ValueError("K")
    was = model.training
    model.train()
    scores = np.stack([model.forward(X) for _ in range(K)])
    model.train() if was else model.eval()
    return softmax(scores.mean(0)), softmax(scores).std(0)
