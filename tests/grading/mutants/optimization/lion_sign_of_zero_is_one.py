"""Mutant of 3.3: takes the sign with c >= 0, so a coordinate with c = 0 moves by +lr."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"


def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    ref.lion(theta, grad, m, lr, betas, weight_decay)
    b1, b2 = betas
    c = b1 * m + (1 - b1) * grad
    s = np.where(c >= 0, 1.0, -1.0)
    new = theta - lr * (s + weight_decay * theta)
    return new.astype(theta.dtype), (b2 * m + (1 - b2) * grad).astype(theta.dtype)
