"""Mutant of 1.2: log(1 + e^x) overflows for large x."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.2"


class Softplus(ref.Softplus):
    def forward(self, x):
        self._x = x
        with np.errstate(over="ignore"):
            return np.log1p(np.exp(x)).astype(x.dtype)
