"""Mutant of 2.2: divides the variance by N − 1."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.2"


class BatchNorm(ref.BatchNorm):
    def forward(self, x):
        if not self.training:
            return super().forward(x)
        n = x.shape[0]
        return super().forward(x * np.sqrt((n - 1) / n) + x.mean(axis=0) * (1 - np.sqrt((n - 1) / n))) if n > 1 else super().forward(x)
