"""Mutant of 1.8: returns the local derivative, not multiplied by dout."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.8"

class Swish(ref.Swish):
    def backward(self, dout):
        x, s = self._x, self._s
        return (np.ones_like(dout) * (s + x * s * (1 - s))).astype(dout.dtype, copy=False)
