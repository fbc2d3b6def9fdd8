"""Mutant of 1.3: drops the c (1 + 3·0.044715 x²) factor of the derivative."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.3"


class GELU(ref.GELU):
    def backward(self, dout):
        x, t = self._x, self._t
        return (dout * (0.5 * (1 + t) + 0.5 * x * (1 - t ** 2))).astype(dout.dtype)
