"""Mutant of 3.6: weights the new weights by β and the average by 1 − β."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"

def ema_update(ema, weights, decay=0.999):
    return ref.ema_update(ema, weights, 1 - decay) if ema is not None and 0 <= decay <= 1 else ref.ema_update(ema, weights, decay)
