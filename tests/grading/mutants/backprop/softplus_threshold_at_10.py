"""Mutant of 1.2: returns x itself for x > 10, a shortcut that is off by e^−x (2.8e−5 at 10.5)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.2"


class Softplus(ref.Softplus):
    def forward(self, x):
        out = super().forward(x)
        return np.where(x > 10, x, out).astype(x.dtype)
