"""Mutant of 2.2: backpropagates as if mean and variance were constants."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.2"


class BatchNorm(ref.BatchNorm):
    def backward(self, dout):
        batch = self._batch_stats
        self._batch_stats = False
        try:
            return super().backward(dout)
        finally:
            self._batch_stats = batch
