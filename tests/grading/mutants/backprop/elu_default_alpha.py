"""Mutant of 1.1: defaults to alpha = 0.5."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.1"


class ELU(ref.ELU):
    def __init__(self, alpha=0.5):
        super().__init__(alpha)
