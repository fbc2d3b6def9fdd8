"""Mutant of 4.4: makes a new generator from the seed in every forward (the same noise each time)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.4"

class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def __init__(self, std, *, rng=None):
        super().__init__(std, rng=rng)
        self._seed = rng

    def forward(self, x):
        if not self.training:
            return x.copy()
        return (x + self.std * np.random.default_rng(self._seed).standard_normal(x.shape)).astype(x.dtype)
