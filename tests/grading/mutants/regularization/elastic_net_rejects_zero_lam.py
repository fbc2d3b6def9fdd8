"""Mutant of 4.1: refuses lam = 0 (checks lam <= 0 instead of lam < 0)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.1"


def elastic_net(W, lam, alpha=0.5):
    if lam <= 0:
        raise ValueError(f"lam must be positive, got {lam}")
    return ref.elastic_net(W, lam, alpha)
