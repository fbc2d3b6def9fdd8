"""Mutant of 4.4: draws noise in evaluation mode too (and throws it away), shifting the generator."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.4"


class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def forward(self, x):
        noise = self.rng.standard_normal(x.shape)
        if not self.training:
            return x.copy()
        return (x + self.std * noise).astype(x.dtype)
