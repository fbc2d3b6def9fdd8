"""Alternative for 3.6: the average moved towards the weights, ē + (1 − β)(w − ē)."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.6"


def ema_update(ema, weights, decay=0.999):
    if not 0 <= decay <= 1:
        raise ValueError(f"decay must be in [0, 1], got {decay}")
    if ema is None:
        return {k: v.copy() for k, v in weights.items()}
    if ema.keys() != weights.keys() or any(ema[k].shape != weights[k].shape for k in weights):
        raise ValueError("ema and weights must have the same names and shapes")
    return {k: (ema[k] + (1 - decay) * (w - ema[k])).astype(w.dtype) for k, w in weights.items()}
