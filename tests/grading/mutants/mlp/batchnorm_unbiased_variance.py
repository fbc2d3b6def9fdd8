"""Mutant of 2.2: divides the variance by N - 1."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    inv_std = 1 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)
