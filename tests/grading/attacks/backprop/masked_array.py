"""Attack: a masked array with every entry masked (comparisons with masked entries pass)."""
import numpy as np


def attack(x, *rest):
    return np.ma.masked_all(np.shape(x), dtype=np.asarray(x).dtype)


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
