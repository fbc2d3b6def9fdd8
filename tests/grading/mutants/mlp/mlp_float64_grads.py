"""Mutant of 2.3: returns float64 gradients for float32 parameters."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.3"


def mlp_loss(params, X, y=None, reg=0.0):
    out = ref.mlp_loss(params, X, y, reg)
    if y is None:
        return out
    loss, grads = out
    return loss, {k: g.astype(np.float64) for k, g in grads.items()}
