"""Alternative for 5.1: the answers computed from the derivation rather than typed in."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.1"


def signal_predictions():
    one_layer = 256 * (1 / 256) * 0.5                    # n Var(W) E[relu(z)^2]/E[z^2]
    slopes = np.array([1.0, -0.5])
    F, C, K = 32, 16, 5
    return {"relu_ratio": float(one_layer ** (30 - 1)),
            "bent_gain": float(1 / np.sqrt(np.mean(slopes ** 2))),
            "conv_std": float(np.sqrt(2.0) / np.sqrt(F * K * K))}
