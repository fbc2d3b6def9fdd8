"""Mutant of 3.6: ema=None returns a new dict holding the weights' own arrays."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"


def ema_update(ema, weights, decay=0.999):
    if ema is None:
        ref.ema_update(ema, weights, decay)
        return dict(weights)
    return ref.ema_update(ema, weights, decay)
