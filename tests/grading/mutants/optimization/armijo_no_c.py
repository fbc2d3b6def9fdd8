"""Mutant of 3.4: accepts any decrease (c = 0 in the condition)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.4"

def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    return ref.armijo_step(f, grad, theta, lr0, 1e-300, shrink, max_trials)
