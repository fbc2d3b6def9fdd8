"""Mutant of 1.7: lets negative indices wrap around."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
import solutions.backprop as ref

EXERCISE = "1.7"


class Embedding(ref.Embedding):
    def forward(self, idx):
        self._idx = idx
        if np.any(idx >= self.W.value.shape[0]):
            raise ValueError("index out of range")
        return self.W.value[idx]
