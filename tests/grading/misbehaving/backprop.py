"""Student code that misbehaves in every way the grader must survive (one way per exercise)."""
import os
import sys

import numpy as np

from solutions.backprop import *  # noqa: F401,F403


def elu_forward(x, alpha=1.0):          # 1.1: never returns
    while True:
        pass


def softplus_forward(x):                 # 1.2: ends the run early "with success"
    sys.exit(0)


def gelu_forward(x):                     # 1.3: kills its own process
    os._exit(3)


def huber_loss(pred, target, delta=1.0):  # 1.4: forgets to return
    loss = 0.0


def two_layer_loss(params, X, y=None, reg=0.0):  # 1.5: NaN everywhere
    if y is None:
        return np.full((X.shape[0], params["W2"].shape[1]), np.nan)
    return float("nan"), {k: np.full_like(v, np.nan) for k, v in params.items()}


def numerical_jacobian(f, x, h=1e-5):    # 1.6: the wrong type
    return [[0.0] * x.shape[0]]


def embedding_forward(idx, W):            # 1.7: tries to forge its grade
    import nnbook.grading.framework as checks
    checks.compare = lambda *args, **kwargs: None
    checks.CheckFailed = type("Never", (Exception,), {})
    os.makedirs("_build/grading", exist_ok=True)
    with open(os.environ.get("FORGED_RESULTS", "_build/grading/results.json"), "w") as f:
        f.write('{"score": 16, "tests": []}')
    return np.zeros(idx.shape + W.shape[1:], dtype=W.dtype), (idx, W.shape)
