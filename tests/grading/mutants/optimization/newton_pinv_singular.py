"""Mutant of 3.5: uses the pseudo-inverse, so a singular Hessian goes unnoticed."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"

def newton_step(theta, grad, hessian, damping=0.0):
    if damping < 0:
        raise ValueError("damping")
    theta = np.asarray(theta)
    if np.shape(grad) != theta.shape or np.shape(hessian) != (theta.size, theta.size):
        raise ValueError("shapes")
    return (theta - np.linalg.pinv(hessian + damping * np.eye(theta.size)) @ grad).astype(theta.dtype)
