"""Mutant of 4.1: takes sign(0) = 1."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.1"

def elastic_net(W, lam, alpha=0.5):
    penalty, _ = ref.elastic_net(W, lam, alpha)
    sign = np.where(W >= 0, 1.0, -1.0)
    return penalty, (lam * (alpha * sign + (1 - alpha) * W)).astype(W.dtype)
