"""Mutant of 1.1: always returns float64."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.1"


class ELU(ref.ELU):
    def forward(self, x):
        return super().forward(x).astype(np.float64)
