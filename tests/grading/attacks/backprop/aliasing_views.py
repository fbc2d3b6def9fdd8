"""Attack: return the input itself, or a view of it, instead of a new array (and scribble into it)."""
import numpy as np

K = [0]


def attack(x, *rest):
    K[0] += 1
    if K[0] % 2:
        return x
    v = np.asarray(x).reshape(-1)[: np.size(x)].reshape(np.shape(x))
    v[...] = 0
    return v


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
