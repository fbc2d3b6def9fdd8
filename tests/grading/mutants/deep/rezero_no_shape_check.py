"""Mutant of 5.6: broadcasts a block output of another shape instead of raising."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.6"

class ReZero(ref.ReZero):
    def forward(self, x):
        f = self.block.forward(x)
        self._f = f
        if f.shape != np.shape(x):
            return f
        return x + float(self.alpha.value[0]) * f
