"""Mutant of 3.6: starts the average at zeros instead of a copy."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"

def ema_update(ema, weights, decay=0.999):
    if ema is None:
        ema = {k: np.zeros_like(w) for k, w in weights.items()}
    return ref.ema_update(ema, weights, decay)
