"""Mutant of 3.6: with decay = 1 returns the average's own arrays."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"


def ema_update(ema, weights, decay=0.999):
    out = ref.ema_update(ema, weights, decay)
    if ema is not None and decay == 1:
        return {k: ema[k] for k in weights}
    return out
