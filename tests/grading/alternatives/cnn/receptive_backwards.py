"""Alternative for 6.6: walks back from one output unit to the input."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.6"

def receptive_field(layers):
    layers = list(layers)
    for K, S, d in layers:
        if min(K, S, d) < 1:
            raise ValueError(f"kernel, stride and dilation must be at least 1, got {(K, S, d)}")
    sizes = []
    for top in range(1, len(layers) + 1):
        r = 1                                        # one unit after layer `top`
        for K, S, d in reversed(layers[:top]):
            r = (r - 1) * S + d * (K - 1) + 1        # the units of the layer below that it sees
        sizes.append(int(r))
    return sizes
