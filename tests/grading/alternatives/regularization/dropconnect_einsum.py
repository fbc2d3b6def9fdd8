"""Alternative for 4.6: a boolean mask kept apart from the 1/(1 − p) scale, einsum for the products."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
from nnbook.layers import Linear

EXERCISE = "4.6"


class DropConnect(Linear):
    def __init__(self, in_features, out_features, p=0.5, *, rng=None):
        generator = np.random.default_rng(rng)
        super().__init__(in_features, out_features, rng=generator)
        if p < 0 or p >= 1:
            raise ValueError(f"p must be in [0, 1), got {p}")
        self.p, self.rng = p, generator

    def _effective(self):
        if self._mask is None:
            return self.W.value
        return np.where(self._mask, self.W.value, 0) / (1 - self.p)

    def forward(self, x):
        self._mask = self.rng.random(self.W.value.shape) >= self.p if self.training else None
        self._x = x
        out = np.einsum("nd,dm->nm", x, self._effective()) + self.b.value
        return out.astype(x.dtype)

    def backward(self, dout):
        dW = np.einsum("nd,nm->dm", self._x, dout)
        if self._mask is not None:
            dW = np.where(self._mask, dW, 0) / (1 - self.p)
        self.W.grad += dW
        self.b.grad += np.einsum("nm->m", dout)
        return np.einsum("nm,dm->nd", dout, self._effective()).astype(dout.dtype)
