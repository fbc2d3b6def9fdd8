"""Mutant of 3.1: returns theta and v themselves when the step is zero."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.1"


def technion_momentum(theta, grad, v, lr, momentum=0.9):
    if not np.any(grad) and not np.any(v):
        ref.technion_momentum(theta, grad, v, lr, momentum)
        return theta, v
    return ref.technion_momentum(theta, grad, v, lr, momentum)
