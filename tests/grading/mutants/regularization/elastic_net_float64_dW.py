"""Mutant of 4.1: returns dW in float64 for a float32 W."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.1"


def elastic_net(W, lam, alpha=0.5):
    penalty, dW = ref.elastic_net(W, lam, alpha)
    return penalty, dW.astype(np.float64)
