"""Mutant of 1.4: returns the loss as a 1-element array."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.4"


class HuberLoss(ref.HuberLoss):
    def forward(self, pred, target):
        return np.array([super().forward(pred, target)])
