"""Mutant of 2.3: defaults to reg = 0.01."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.3"


def mlp_loss(params, X, y=None, reg=0.01):
    return ref.mlp_loss(params, X, y, reg)
