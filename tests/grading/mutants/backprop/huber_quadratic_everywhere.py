"""Mutant of 1.4: forgets the linear branch (that is MSE / 2)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.4"


def huber_loss(pred, target, delta=1.0):
    r = pred - target
    return float(np.mean(0.5 * r ** 2)), (r / r.size).astype(pred.dtype)
