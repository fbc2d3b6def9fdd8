"""Mutant of 3.5: forgets the −4b(y − x²) term of ∂²f/∂x²."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"

def rosenbrock_hessian(theta, a=1.0, b=100.0):
    H = ref.rosenbrock_hessian(theta, a, b)
    x, y = np.asarray(theta)
    H[0, 0] += 4 * b * (y - x * x)
    return H
