"""Mutant of 3.3: keeps the momentum with β1 instead of β2."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"

def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    new_theta, _ = ref.lion(theta, grad, m, lr, betas, weight_decay)
    b1 = betas[0]
    return new_theta, (b1 * m + (1 - b1) * grad).astype(new_theta.dtype)
