"""Mutant of 3.4: returns theta itself (not a copy) when the gradient is zero."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.4"


def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    new, lr = ref.armijo_step(f, grad, theta, lr0, c, shrink, max_trials)
    if np.array_equal(new, theta):
        return theta, lr
    return new, lr
