"""Attack: values that are expensive or impossible to encode: a 100000-deep list, a self-containing dict, a generator."""
import numpy as np

K = [0]


def attack(x, *rest):
    K[0] += 1
    if K[0] % 3 == 0:
        deep = []
        for _ in range(100000):
            deep = [deep]
        return deep
    if K[0] % 3 == 1:
        d = {}
        d["self"] = d
        return d
    return (np.zeros(np.shape(x)) for _ in range(3))


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
