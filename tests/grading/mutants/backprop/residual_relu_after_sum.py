"""Mutant of 1.5: applies the ReLU after adding the skip."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.5"


class Residual(ref.Residual):
    def forward(self, x):
        return np.maximum(super().forward(x), 0)
