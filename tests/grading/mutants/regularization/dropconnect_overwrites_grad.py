"""Mutant of 4.6: overwrites W.grad and b.grad instead of adding."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.6"

class DropConnect(ref.DropConnect):
    def backward(self, dout):
        self.W.grad[...] = 0
        self.b.grad[...] = 0
        return super().backward(dout)
