"""Alternative for 5.5: a loop over the columns (units)."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.5"


def adaptive_clip(W, dW, clipping=0.01, eps=1e-3):
    if clipping <= 0 or eps <= 0:
        raise ValueError("clipping and eps must be positive")
    if np.ndim(W) != 2 or np.shape(dW) != np.shape(W):
        raise ValueError(f"W must be (D, M) and dW alike, got {np.shape(W)}, {np.shape(dW)}")
    out = np.array(dW, copy=True)
    for i in range(out.shape[1]):
        w = max(np.linalg.norm(W[:, i]), eps)
        g = np.linalg.norm(out[:, i])
        if g > clipping * w:
            out[:, i] *= clipping * w / g
    return out
