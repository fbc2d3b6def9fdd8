"""Mutant of 3.2: refuses eps = 0 (the docstring allows ε ≥ 0)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.2"


def adamax(theta, grad, m, u, t, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
    if eps <= 0:
        raise ValueError(f"adamax: eps must be > 0, got {eps}")
    return ref.adamax(theta, grad, m, u, t, lr, betas, eps)
