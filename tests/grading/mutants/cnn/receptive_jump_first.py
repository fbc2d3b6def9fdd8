"""Mutant of 6.6: multiplies the jump by the stride before growing the field."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.6"

def receptive_field(layers):
    r, j, sizes = 1, 1, []
    for K, S, d in layers:
        if K < 1 or S < 1 or d < 1:
            raise ValueError("below 1")
        j *= S
        r += d * (K - 1) * j
        sizes.append(r)
    return sizes
