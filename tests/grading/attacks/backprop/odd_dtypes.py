"""Attack: arrays of object, complex, string and structured dtypes (equal where numbers are)."""
import numpy as np

K = [0]


def attack(x, *rest):
    K[0] += 1
    x = np.asarray(x)
    kinds = [x.astype(object), x.astype(complex), x.astype(str),
             np.zeros(x.shape, dtype=[("a", "f8"), ("b", "f8")])]
    return kinds[K[0] % 4]


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
