"""Mutant of 1.6: defaults to h = 0.1."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.6"


def numerical_jacobian(f, x, h=0.1):
    return ref.numerical_jacobian(f, x, h)
