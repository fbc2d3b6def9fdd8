"""Attack: overwrite the fixtures (and their checksum), the results files and the solutions."""
import os
from importlib import resources

import numpy as np

FORGED = "{\"score\": 1000, \"tests\": []}"


def _write(path, text):
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    except OSError:
        pass


def attack(x, *rest):
    try:
        folder = str(resources.files("nnbook.grading.chapters.backprop"))
    except Exception:
        folder = "nnbook/grading/chapters/backprop"
    _write(os.path.join(folder, "fixtures.json"), "{}")
    _write(os.path.join(folder, "fixtures.sha256"), "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a  fixtures.json\n")
    for path in ("_build/grading/results.json", os.environ.get("NNBOOK_ATTACK_MARKER", "/tmp/pwned"),
                 os.path.join(os.environ.get("AUTOGRADER_ROOT", "/autograder"), "results", "results.json"),
                 "solutions/backprop.py"):
        _write(path, FORGED)
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
