"""Attack: a float subclass equal to everything, close to everything, never NaN."""
import numpy as np


class Liar(float):
    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__

    def __sub__(self, other):
        return Liar(0.0)

    __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __sub__

    def __abs__(self):
        return Liar(0.0)

    def __float__(self):
        return 0.0

    def __hash__(self):
        return 0


def attack(x, *rest):
    return Liar(0.0)


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
