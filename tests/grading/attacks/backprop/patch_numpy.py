"""Attack: monkeypatch numpy's comparisons (allclose, isclose, array_equal, testing) to always pass."""
import numpy as np

np.allclose = np.array_equal = np.array_equiv = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
try:
    np.testing.assert_allclose = np.testing.assert_array_equal = lambda *a, **k: None
except ImportError:                       # numpy.testing needs unittest, which may be absent
    pass
np.abs = np.absolute = lambda a, *r, **k: np.zeros(np.shape(a))
np.isfinite = lambda a, *r, **k: np.ones(np.shape(a), dtype=bool)


def attack(x, *rest):
    return np.zeros(np.shape(x))


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
