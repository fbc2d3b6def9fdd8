"""Attack: monkeypatch builtins the checks use (isinstance, type, float, abs, len, max, all, any)."""
import builtins

import numpy as np

builtins.isinstance = lambda *a: True
builtins.abs = lambda v: 0
builtins.all = builtins.any = lambda *a: True
builtins.max = lambda *a, **k: 0
_len = builtins.len
builtins.len = lambda v: _len(v) if hasattr(v, "__len__") else 0


def attack(x, *rest):
    return np.zeros(np.shape(x))


class _Attack:
    """Stands in for every layer and loss of the chapter."""

    def __init__(self, *args, **kwargs):
        pass

    def parameters(self):
        return {}

    def forward(self, *args):
        return attack(*args)

    def backward(self, *args):
        return attack(*(args or (np.zeros(3),)))


ELU = Softplus = GELU = HuberLoss = Residual = Embedding = _Attack


def numerical_jacobian(f, x, h=1e-5):
    return attack(x)
