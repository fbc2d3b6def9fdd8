"""Mutant of 1.4: the gradient misses the 1/K of the mean."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.4"


class HuberLoss(ref.HuberLoss):
    def backward(self):
        return super().backward() * self._r.size
