"""Mutant of 3.6: keeps the average's dtype instead of each weight's."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"


def ema_update(ema, weights, decay=0.999):
    out = ref.ema_update(ema, weights, decay)
    if ema is None:
        return out
    return {k: (decay * ema[k] + (1 - decay) * weights[k]).astype(ema[k].dtype) for k in weights}
