"""Mutant of 1.7: returns float64 for a float32 table."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.7"


class Embedding(ref.Embedding):
    def forward(self, idx):
        return super().forward(idx).astype(np.float64)
