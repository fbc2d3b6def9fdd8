"""Mutant of 1.4: the loss is quadratic everywhere (MSE/2)."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.4"


class HuberLoss(ref.HuberLoss):
    def forward(self, pred, target):
        super().forward(pred, target)
        return float(np.mean(0.5 * (pred - target) ** 2))
