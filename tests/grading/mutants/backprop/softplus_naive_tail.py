"""Mutant of 1.2: computes log(1 + e^x) directly for x ≤ 0: 0 instead of 4e-18 at x = −40."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.2"


class Softplus(ref.Softplus):
    def forward(self, x):
        self._x = x
        out = np.where(x > 0, x + np.log1p(np.exp(-np.abs(x))), np.log(1 + np.exp(np.minimum(x, 0))))
        return out.astype(x.dtype)
