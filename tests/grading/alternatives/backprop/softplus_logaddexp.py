"""Alternative for 1.2: softplus as logaddexp(0, x), σ(x) as (1 + tanh(x/2)) / 2."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403
from nnbook.layers import Layer

EXERCISE = "1.2"


class Softplus(Layer):
    def forward(self, x):
        self._x = x
        return np.logaddexp(np.zeros((), dtype=x.dtype), x)

    def backward(self, dout):
        sigma = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(self._x, dtype=np.float64)))
        return (dout * sigma).astype(dout.dtype)
