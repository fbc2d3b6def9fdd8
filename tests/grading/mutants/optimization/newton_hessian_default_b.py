"""Mutant of 3.5: writes the Hessian with b = 100 whatever b is given."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.5"


def rosenbrock_hessian(theta, a=1.0, b=100.0):
    return ref.rosenbrock_hessian(theta, a, 100.0)
