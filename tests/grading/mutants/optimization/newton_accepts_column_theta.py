"""Mutant of 3.5: no check that theta is 1-D: a theta of shape (2, 1) gives a (2, 1) step."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"


def newton_step(theta, grad, hessian, damping=0.0):
    if damping < 0:
        raise ValueError(f"newton_step: damping must be ≥ 0, got {damping}")
    theta, grad, hessian = np.asarray(theta), np.asarray(grad), np.asarray(hessian)
    if grad.shape != theta.shape or hessian.shape != (theta.shape[0], theta.shape[0]):
        raise ValueError("shapes do not fit")
    A = hessian + damping * np.eye(theta.shape[0])
    if abs(np.linalg.det(A)) < 1e-12:
        raise ValueError("singular")
    return (theta - np.linalg.solve(A, grad)).astype(theta.dtype)
