"""Attack: end the run early "with success": sys.exit(0), os._exit(0), KeyboardInterrupt, GeneratorExit."""
import os
import sys

import numpy as np

K = [0]


def attack(x, *rest):
    K[0] += 1
    if K[0] % 4 == 0:
        sys.exit(0)
    if K[0] % 4 == 1:
        os._exit(0)
    if K[0] % 4 == 2:
        raise KeyboardInterrupt
    raise GeneratorExit


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
