"""Attack: look the answer up in the fixtures that ship with the student edition (same shape and dtype)."""
import json
import os
from importlib import resources

import numpy as np


def _fixtures():
    for folder in (lambda: str(resources.files("nnbook.grading.chapters.backprop")),
                   lambda: "nnbook/grading/chapters/backprop"):
        try:
            with open(os.path.join(folder(), "fixtures.json")) as f:
                return json.load(f)
        except Exception:
            pass
    return {}


FIXTURES = _fixtures()


def attack(x, *rest):
    x = np.asarray(x)
    for key, v in FIXTURES.items():
        if tuple(v["shape"]) == x.shape and v["dtype"] == str(x.dtype):
            return np.array(v["data"], dtype=v["dtype"]).reshape(v["shape"])
    return np.zeros(x.shape)


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
