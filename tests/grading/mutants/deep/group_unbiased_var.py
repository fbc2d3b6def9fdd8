"""Mutant of 5.4: normalizes with the unbiased variance."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.4"

class GroupNorm(ref.GroupNorm):
    def forward(self, x):
        x = np.asarray(x)
        super().forward(x)
        xhat, inv_std = self._cache
        m = x[0].size // self.G                              # entries per group
        xhat = xhat * np.sqrt(m / (m - 1))                   # divided by the unbiased std
        self._cache = (xhat, inv_std)
        gamma, beta = (p.value.astype(x.dtype)[:, None, None] for p in (self.gamma, self.beta))
        return gamma * xhat + beta
