"""Mutant of 1.3: the exact (erf) GELU instead of the tanh approximation."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.3"


from math import erf

class GELU(ref.GELU):
    def forward(self, x):
        out = super().forward(x)
        exact = 0.5 * x * (1 + np.vectorize(erf)(x / np.sqrt(2)))
        return exact.astype(x.dtype)
