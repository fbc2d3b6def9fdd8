"""Attack: import or read the reference solutions (solutions/, the autograder's source) and call them."""
import importlib.util
import os

import numpy as np

SOLUTION = None
for path in ("solutions/backprop.py", "../solutions/backprop.py",
             os.path.join(os.environ.get("AUTOGRADER_ROOT", "/autograder"), "source", "solutions", "backprop.py")):
    try:
        spec = importlib.util.spec_from_file_location("stolen", path)
        SOLUTION = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(SOLUTION)
        break
    except Exception:
        SOLUTION = None
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


if SOLUTION is not None:                  # the stolen classes and function replace the attack's
    globals().update({k: getattr(SOLUTION, k) for k in dir(SOLUTION) if not k.startswith("__")})
