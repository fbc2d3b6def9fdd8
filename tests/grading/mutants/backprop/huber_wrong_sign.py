"""Mutant of 1.4: the residual is target − pred."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.4"


class HuberLoss(ref.HuberLoss):
    def backward(self):
        return -super().backward()
