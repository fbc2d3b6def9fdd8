"""Mutant of 3.4: recomputes the gradient at every trial point."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.4"

def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    ref.armijo_step(f, grad, theta, lr0, c, shrink, max_trials)
    theta = np.asarray(theta)
    g0 = np.asarray(grad(theta))
    f0, gg = f(theta), float(g0 @ g0)
    lr, new = lr0, theta - lr0 * g0
    for _ in range(max_trials):
        if f(new) <= f0 - c * lr * gg:
            return new, lr
        lr *= shrink
        new = theta - lr * np.asarray(grad(new))
    return new, lr / shrink
