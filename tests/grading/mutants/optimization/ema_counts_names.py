"""Mutant of 3.6: compares only the number of names, so a renamed parameter raises a KeyError."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"


def ema_update(ema, weights, decay=0.999):
    if not 0 <= decay <= 1:
        raise ValueError("decay")
    if ema is None:
        return {k: v.copy() for k, v in weights.items()}
    if len(ema) != len(weights):
        raise ValueError("names differ")
    return {k: (decay * ema[k] + (1 - decay) * w).astype(w.dtype) for k, w in weights.items()}
