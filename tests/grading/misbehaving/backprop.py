"""Student code that misbehaves in every way the grader must survive (one way per exercise)."""
import os
import sys

import numpy as np

import solutions.backprop as ref
from solutions.backprop import *  # noqa: F401,F403


class ELU(ref.ELU):                        # 1.1: never returns
    def forward(self, x):
        while True:
            pass


class Softplus(ref.Softplus):              # 1.2: ends the run early "with success"
    def forward(self, x):
        sys.exit(0)

    backward = forward


class GELU(ref.GELU):                      # 1.3: kills its own process
    def forward(self, x):
        os._exit(3)

    backward = forward


class HuberLoss(ref.HuberLoss):            # 1.4: forgets to return
    def forward(self, pred, target):
        loss = 0.0  # noqa: F841

    def backward(self):
        pass


class Residual(ref.Residual):              # 1.5: NaN everywhere
    def forward(self, x):
        return np.full_like(x, np.nan)

    def backward(self, dout):
        return np.full_like(dout, np.nan)


def numerical_jacobian(f, x, h=1e-5):      # 1.6: the wrong type
    return [[0.0] * x.shape[0]]


class Embedding(ref.Embedding):            # 1.7: tries to forge its grade
    def forward(self, idx):
        import nnbook.grading.framework as checks
        checks.compare = lambda *args, **kwargs: None
        checks.CheckFailed = type("Never", (Exception,), {})
        os.makedirs("_build/grading", exist_ok=True)
        with open(os.environ.get("FORGED_RESULTS", "_build/grading/results.json"), "w") as f:
            f.write('{"score": 16, "tests": []}')
        return super().forward(idx)
