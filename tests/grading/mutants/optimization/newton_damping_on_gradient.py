"""Mutant of 3.5: divides the step by (1 + damping) instead of adding damping·I."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"

def newton_step(theta, grad, hessian, damping=0.0):
    ref.newton_step(theta, grad, hessian, damping)
    theta = np.asarray(theta)
    return (theta - np.linalg.solve(hessian, grad) / (1 + damping)).astype(theta.dtype)
