"""Mutant of 3.2: forgets the bias correction of m."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.2"

def adamax(theta, grad, m, u, t, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
    new_theta, m_new, u_new = ref.adamax(theta, grad, m, u, t, lr, betas, eps)
    return (theta - lr * m_new / u_new).astype(theta.dtype), m_new, u_new
