"""Mutant of 1.4: defaults to delta = 2."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.4"


class HuberLoss(ref.HuberLoss):
    def __init__(self, delta=2.0):
        super().__init__(delta)
