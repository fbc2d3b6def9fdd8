"""Attack: exceptions that lie: a message that raises, one named like the grader's verdicts, a huge one."""
import numpy as np

K = [0]


class CheckFailed(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


class NotImplementedError(Exception):       # noqa: A001 - pretends to be the stub's error
    pass


def attack(x, *rest):
    K[0] += 1
    if K[0] % 3 == 0:
        raise CheckFailed("passed")
    if K[0] % 3 == 1:
        raise NotImplementedError("passed " * 100000)
    raise ValueError("x" * 10 ** 7)


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
