"""Mutant of 3.6: default decay 0.9."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403
import solutions.optimization as ref

EXERCISE = "3.6"

def ema_update(ema, weights, decay=0.9):
    return ref.ema_update(ema, weights, decay)
