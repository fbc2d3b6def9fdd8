"""Mutant of 6.6: takes the dilated kernel as d·K pixels wide instead of d(K − 1) + 1."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.6"


def receptive_field(layers):
    ref.receptive_field(layers)
    r, j, sizes = 1, 1, []
    for K, S, d in layers:
        r += (d * K - 1) * j
        j *= S
        sizes.append(int(r))
    return sizes
