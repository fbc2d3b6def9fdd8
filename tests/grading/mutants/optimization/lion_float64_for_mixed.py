"""Mutant of 3.3: results in the dtype of grad and m, not of theta."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"


def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    ref.lion(theta, grad, m, lr, betas, weight_decay)
    b1, b2 = betas
    c = b1 * m + (1 - b1) * grad
    return theta - lr * (np.sign(c) + weight_decay * theta), b2 * m + (1 - b2) * grad
