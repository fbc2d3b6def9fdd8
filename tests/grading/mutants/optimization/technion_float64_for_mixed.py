"""Mutant of 3.1: float32 theta with float64 grad gives float64 results."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.1"


def technion_momentum(theta, grad, v, lr, momentum=0.9):
    ref.technion_momentum(theta, grad, v, lr, momentum)
    v_new = momentum * v - lr * grad
    return theta + v_new, v_new
