"""Mutant of 1.6: returns the (D, M) transpose of the Jacobian."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
from solutions.backprop import numerical_jacobian as reference

EXERCISE = "1.6"


def numerical_jacobian(f, x, h=1e-5):
    return reference(f, x, h).T
