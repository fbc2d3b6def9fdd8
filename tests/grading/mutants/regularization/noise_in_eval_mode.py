"""Mutant of 4.4: adds noise in evaluation mode too."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.4"

class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def forward(self, x):
        return (x + self.std * self.rng.standard_normal(x.shape)).astype(x.dtype)
