"""Mutant of 1.1: writes the negative branch into x itself."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.1"


class ELU(ref.ELU):
    def forward(self, x):
        out = super().forward(x)
        x[...] = out
        return out
