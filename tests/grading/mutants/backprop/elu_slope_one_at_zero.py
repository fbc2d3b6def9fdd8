"""Mutant of 1.1: takes the slope at x = 0 from the positive side."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.1"


class ELU(ref.ELU):
    def backward(self, dout):
        x, out = self._x, self._out
        return np.where(x >= 0, dout, dout * (out + self.alpha)).astype(dout.dtype)
