"""Mutant of 3.4: shrinks until the condition holds, however many trials that takes."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.4"


def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    if not (lr0 > 0 and 0 < c < 1 and 0 < shrink < 1 and max_trials >= 1):
        raise ValueError("armijo_step: bad settings")
    theta = np.asarray(theta)
    g = np.asarray(grad(theta), dtype=theta.dtype)
    f0, gg = float(f(theta)), float(np.sum(g * g))
    if gg == 0:
        return theta.copy(), float(lr0)
    lr = lr0
    while True:
        candidate = (theta - lr * g).astype(theta.dtype)
        if f(candidate) <= f0 - c * lr * gg:
            return candidate, lr
        lr *= shrink
