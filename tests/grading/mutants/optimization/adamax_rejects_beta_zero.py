"""Mutant of 3.2: asks for β in (0, 1) instead of [0, 1)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.2"


def adamax(theta, grad, m, u, t, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
    if not all(0 < b < 1 for b in betas):
        raise ValueError(f"adamax: betas must be in (0, 1), got {betas}")
    return ref.adamax(theta, grad, m, u, t, lr, betas, eps)
