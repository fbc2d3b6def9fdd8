"""Mutant of 1.5: assigns the gradients instead of adding them."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.5"


class Residual(ref.Residual):
    def backward(self, dout):
        for p in (self.W1, self.b1, self.W2, self.b2):
            p.grad[...] = 0
        return super().backward(dout)
