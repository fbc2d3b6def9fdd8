"""Alternative for 5.6: alpha kept as a Parameter of shape (1,), the branch gradient computed once."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.6"


class ReZero(Layer):
    def __init__(self, block, *, alpha=0.0):
        super().__init__()
        self.block = block
        self.alpha = Parameter(np.full(1, float(alpha)))

    def forward(self, x):
        self._fx = self.block(x)
        if self._fx.shape != np.shape(x):
            raise ValueError(f"block output {self._fx.shape} != input {np.shape(x)}")
        return x + self.alpha.value * self._fx

    def backward(self, dout):
        self.alpha.grad += np.array([np.sum(dout * self._fx)])
        branch = self.block.backward(dout * self.alpha.value)
        return dout + branch
