"""Mutant of 1.6: leaves x perturbed."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.6"


def numerical_jacobian(f, x, h=1e-5):
    J = ref.numerical_jacobian(f, x, h)
    x[0] += h
    return J
