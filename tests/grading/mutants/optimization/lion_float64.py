"""Mutant of 3.3: returns float64 for float32 input."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"

def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    return tuple(np.asarray(a, dtype=np.float64) for a in ref.lion(theta, grad, m, lr, betas, weight_decay))
