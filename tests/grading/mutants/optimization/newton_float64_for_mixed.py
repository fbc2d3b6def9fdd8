"""Mutant of 3.5: returns the dtype of the Hessian, not of theta."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"


def newton_step(theta, grad, hessian, damping=0.0):
    out = ref.newton_step(theta, grad, hessian, damping)
    return out.astype(np.result_type(theta, grad, hessian))
