"""Mutant of 3.5: steps uphill: θ + H⁻¹g."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"

def newton_step(theta, grad, hessian, damping=0.0):
    new = ref.newton_step(theta, grad, hessian, damping)
    return (2 * np.asarray(theta) - new).astype(new.dtype)
