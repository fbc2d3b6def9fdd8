"""Mutant of 1.3: forgets the product rule's second term."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.3"


class GELU(ref.GELU):
    def backward(self, dout):
        return (dout * 0.5 * (1 + self._t)).astype(dout.dtype)
