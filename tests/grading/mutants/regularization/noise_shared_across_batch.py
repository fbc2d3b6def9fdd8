"""Mutant of 4.4: draws one noise row and adds it to every sample."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.4"


class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def forward(self, x):
        if not self.training:
            return x.copy()
        return (x + self.std * self.rng.standard_normal(x.shape[1:])).astype(x.dtype)
