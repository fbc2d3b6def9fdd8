"""Mutant of 4.1: takes the sign with np.copysign, so -0.0 gives -1 and 0.0 gives +1."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.1"


def elastic_net(W, lam, alpha=0.5):
    penalty, _ = ref.elastic_net(W, lam, alpha)
    dW = lam * (alpha * np.copysign(1.0, W) + (1 - alpha) * W)
    return penalty, dW.astype(W.dtype)
