"""Mutant of 1.5: computes dx even when needs_input_grad is False."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.5"


class Residual(ref.Residual):
    def backward(self, dout):
        flag = self.needs_input_grad
        self.needs_input_grad = True
        try:
            return super().backward(dout)
        finally:
            self.needs_input_grad = flag
