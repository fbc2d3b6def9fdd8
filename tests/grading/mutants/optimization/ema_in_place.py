"""Mutant of 3.6: updates the average arrays in place (and returns them)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"

def ema_update(ema, weights, decay=0.999):
    out = ref.ema_update(ema, weights, decay)
    if ema is None:
        return out
    for k in ema:
        ema[k] *= decay
        ema[k] += (1 - decay) * weights[k]
    return ema
