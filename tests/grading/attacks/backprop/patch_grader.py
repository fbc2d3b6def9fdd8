"""Attack: import the grader's modules and replace its comparison, its verdicts and its results."""
import sys

import numpy as np

try:
    import nnbook.grading.framework as framework
    import nnbook.grading.grade as grade
    framework.compare = lambda *a, **k: None
    framework.CheckFailed = type("Never", (Exception,), {})
    framework.Context.match = lambda *a, **k: None
    framework.Context.require = staticmethod(lambda *a, **k: None)
    grade.Result.passed = True
    grade.Result.score = property(lambda self: self.max_score)
except Exception:
    pass
for name, module in list(sys.modules.items()):
    if name.startswith("nnbook.grading") and hasattr(module, "compare"):
        module.compare = lambda *a, **k: None


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
