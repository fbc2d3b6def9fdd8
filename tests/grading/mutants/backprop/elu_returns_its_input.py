"""Mutant of 1.1: returns x itself when every entry is positive (a view)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.1"


class ELU(ref.ELU):
    def forward(self, x):
        out = super().forward(x)
        return x if np.all(x > 0) else out
