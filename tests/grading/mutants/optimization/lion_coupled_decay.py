"""Mutant of 3.3: adds weight decay to the gradient (inside the sign)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"

def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    return ref.lion(theta, np.asarray(grad) + weight_decay * np.asarray(theta), m, lr, betas, 0.0)
