"""Mutant of 1.2: returns the local derivative without the chain rule."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.2"


class Softplus(ref.Softplus):
    def backward(self, dout):
        return super().backward(np.ones_like(dout))
