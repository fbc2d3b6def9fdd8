"""Mutant of 1.2: dx is always float64."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.2"


class Softplus(ref.Softplus):
    def backward(self, dout):
        return super().backward(dout).astype(np.float64)
