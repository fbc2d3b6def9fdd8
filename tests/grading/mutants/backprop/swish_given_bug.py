"""Mutant of 1.8: the given code: only the path through the sigmoid (x used twice, one use forgotten)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.8"

class Swish(ref.Swish):
    def backward(self, dout):
        x, s = self._x, self._s
        return (dout * x * s * (1 - s)).astype(dout.dtype, copy=False)
