"""Mutant of 1.8: only the direct path: dx = dout · σ(x)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.8"

class Swish(ref.Swish):
    def backward(self, dout):
        x, s = self._x, self._s
        return (dout * s).astype(dout.dtype, copy=False)
