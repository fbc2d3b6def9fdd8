"""Mutant of 2.3: exponentiates the scores without subtracting each row's maximum: nan for scores near 1000."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.3"


def mlp_loss(params, X, y=None, reg=0.0):
    if y is None:
        return ref.mlp_loss(params, X, y, reg)
    _, grads = ref.mlp_loss(params, X, y, reg)
    scores = ref.mlp_loss(params, X)
    e = np.exp(scores)
    p = e / e.sum(axis=1, keepdims=True)
    L = len(params) // 2
    loss = -np.mean(np.log(p[np.arange(X.shape[0]), y]))
    loss += 0.5 * reg * sum(np.sum(params[f"W{l}"] ** 2) for l in range(1, L + 1))
    return float(loss), grads
