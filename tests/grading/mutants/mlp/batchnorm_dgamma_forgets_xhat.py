"""Mutant of 2.2: gamma.grad is the sum of dout."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.2"


class BatchNorm(ref.BatchNorm):
    def backward(self, dout):
        before = self.gamma.grad.copy()
        dx = super().backward(dout)
        self.gamma.grad[...] = before + dout.sum(axis=0)
        return dx
