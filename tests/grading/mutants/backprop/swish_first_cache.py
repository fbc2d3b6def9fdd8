"""Mutant of 1.8: keeps the cache of the first forward pass (a stale cache)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.8"

class Swish(ref.Swish):
    def forward(self, x):
        out = super().forward(x)
        if not hasattr(self, "_first"):
            self._first = (self._x, self._s)
        return out

    def backward(self, dout):
        x, s = self._first
        return (dout * (s + x * s * (1 - s))).astype(dout.dtype, copy=False)
