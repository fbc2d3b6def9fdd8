"""Mutant of 4.6: in evaluation mode forward uses W, but backward still applies the last training mask."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.6"


class DropConnect(ref.DropConnect):
    def forward(self, x):
        if self.training:
            return super().forward(x)
        self._x, self._W = x, self.W.value
        return (x @ self.W.value + self.b.value).astype(x.dtype)

    def backward(self, dout):
        scale = getattr(self, "_scale", None)
        dW = self._x.T @ dout
        if scale is not None:
            dW = dW * scale
        self.W.grad += dW
        self.b.grad += dout.sum(axis=0)
        return (dout @ (self.W.value * scale if scale is not None else self.W.value).T).astype(dout.dtype)
