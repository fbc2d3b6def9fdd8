"""Mutant of 1.7: starts W.grad from zero on every backward."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.7"


class Embedding(ref.Embedding):
    def backward(self, dout):
        self.W.grad[...] = 0
        return super().backward(dout)
