"""Mutant of 5.4: forgets gamma in dx (uses dout as the gradient for xhat)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.4"

class GroupNorm(ref.GroupNorm):
    def backward(self, dout):
        xhat, inv_std = self._cache
        self.gamma.grad += (dout * xhat).sum(axis=(0, 2, 3))
        self.beta.grad += dout.sum(axis=(0, 2, 3))
        N = dout.shape[0]
        g = dout.reshape(N, self.G, -1)
        xh = xhat.reshape(N, self.G, -1)
        dx = inv_std * (g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True))
        return dx.reshape(dout.shape)
