"""Attack: every function hangs (ignoring SIGTERM and SIGINT), one in C (time.sleep)."""
import signal
import time

import numpy as np

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM):
    signal.signal(sig, signal.SIG_IGN)


def attack(x, *rest):
    if np.ndim(x) == 1:
        time.sleep(10 ** 6)
    while True:
        pass


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
