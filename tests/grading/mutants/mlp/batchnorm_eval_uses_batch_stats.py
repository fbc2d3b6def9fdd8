"""Mutant of 2.2: eval mode normalises with the batch's statistics."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
import solutions.mlp as ref

EXERCISE = "2.2"


class BatchNorm(ref.BatchNorm):
    def forward(self, x):
        mode = self.training
        self.training = True
        saved = self.running_mean.copy(), self.running_var.copy()
        try:
            out = super().forward(x)
        finally:
            self.training = mode
        if not mode:
            self.running_mean, self.running_var = saved
        return out
