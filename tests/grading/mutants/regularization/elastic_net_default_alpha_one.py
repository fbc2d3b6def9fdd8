"""Mutant of 4.1: defaults to alpha = 1 (pure L1)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.1"

def elastic_net(W, lam, alpha=1.0):
    return ref.elastic_net(W, lam, alpha)
