"""Alternative for 2.2: statistics in float64, and the backward pass step by step through the
computational graph (dxhat, dvar, dmu) instead of the simplified formula."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403
from nnbook.layers import Layer, Parameter

EXERCISE = "2.2"


class BatchNorm(Layer):
    def __init__(self, D, *, eps=1e-5, momentum=0.9, dtype=np.float64):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.gamma = Parameter(np.ones(D, dtype=dtype))
        self.beta = Parameter(np.zeros(D, dtype=dtype))
        self.register_buffer("running_mean", np.zeros(D, dtype=dtype))
        self.register_buffer("running_var", np.ones(D, dtype=dtype))

    def forward(self, x):
        z = np.asarray(x, dtype=np.float64)
        if self.training:
            N = z.shape[0]
            mu = np.sum(z, axis=0) / N
            var = np.sum((z - mu) ** 2, axis=0) / N
            rho = self.momentum
            self.running_mean = (rho * self.running_mean + (1 - rho) * mu).astype(x.dtype)
            self.running_var = (rho * self.running_var + (1 - rho) * var).astype(x.dtype)
        else:
            mu = np.asarray(self.running_mean, dtype=np.float64)
            var = np.asarray(self.running_var, dtype=np.float64)
        centred = z - mu
        std = np.sqrt(var + self.eps)
        xhat = centred / std
        self._cache = (centred, std, xhat, self.training)
        return (self.gamma.value * xhat + self.beta.value).astype(x.dtype)

    def backward(self, dout):
        centred, std, xhat, batch = self._cache
        d = np.asarray(dout, dtype=np.float64)
        self.beta.grad += d.sum(axis=0).astype(self.beta.grad.dtype)
        self.gamma.grad += (d * xhat).sum(axis=0).astype(self.gamma.grad.dtype)
        if not self.needs_input_grad:
            return None
        dxhat = d * self.gamma.value
        if not batch:
            return (dxhat / std).astype(dout.dtype)
        N = d.shape[0]
        dvar = np.sum(dxhat * centred, axis=0) * -0.5 * std ** -3
        dmu = -np.sum(dxhat, axis=0) / std - 2 * dvar * np.sum(centred, axis=0) / N
        dx = dxhat / std + dvar * 2 * centred / N + dmu / N
        return dx.astype(dout.dtype)
