"""Mutant of 4.4: scales the noise by the variance std**2."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.4"

class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def forward(self, x):
        if not self.training:
            return x.copy()
        return (x + self.std ** 2 * self.rng.standard_normal(x.shape)).astype(x.dtype)
