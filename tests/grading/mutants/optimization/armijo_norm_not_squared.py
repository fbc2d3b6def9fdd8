"""Mutant of 3.4: uses ‖g‖ instead of ‖g‖² in the condition."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.4"

def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    ref.armijo_step(f, grad, theta, lr0, c, shrink, max_trials)
    theta = np.asarray(theta)
    g = np.asarray(grad(theta))
    f0, gn = f(theta), float(np.sqrt(np.sum(g * g)))
    lr = lr0
    for _ in range(max_trials):
        new = theta - lr * g
        if f(new) <= f0 - c * lr * gn:
            return new, lr
        lr *= shrink
    return new, lr / shrink
