"""Mutant of 3.3: no shape check for grad, so a (1,)-shaped gradient is broadcast."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.3"


def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    return ref.lion(theta, np.broadcast_to(grad, np.shape(theta)), m, lr, betas, weight_decay)
