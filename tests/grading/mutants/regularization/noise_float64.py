"""Mutant of 4.4: returns float64 for float32 x in training mode."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.4"


class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def forward(self, x):
        if not self.training:
            return x.copy()
        return x + self.std * self.rng.standard_normal(x.shape)
