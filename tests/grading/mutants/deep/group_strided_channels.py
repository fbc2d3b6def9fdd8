"""Mutant of 5.4: groups channels c, c+G, c+2G, ... instead of consecutive ones."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.4"

class GroupNorm(ref.GroupNorm):
    def _perm(self):
        return np.arange(self.C).reshape(self.C // self.G, self.G).T.reshape(-1)

    def forward(self, x):
        p = self._perm()
        gamma, beta = self.gamma.value.copy(), self.beta.value.copy()
        self.gamma.value[...], self.beta.value[...] = gamma[p], beta[p]
        out = super().forward(np.asarray(x)[:, p])
        self.gamma.value[...], self.beta.value[...] = gamma, beta
        inv = np.argsort(p)
        return out[:, inv]

    def backward(self, dout):
        return np.zeros_like(dout)
