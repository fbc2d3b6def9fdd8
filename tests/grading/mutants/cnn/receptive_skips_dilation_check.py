"""Mutant of 6.6: checks the kernel and the stride but not the dilation."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.6"


def receptive_field(layers):
    r, j, sizes = 1, 1, []
    for K, S, d in layers:
        if K < 1 or S < 1:
            raise ValueError("kernel and stride must be ≥ 1")
        r += d * (K - 1) * j
        j *= S
        sizes.append(int(r))
    return sizes
