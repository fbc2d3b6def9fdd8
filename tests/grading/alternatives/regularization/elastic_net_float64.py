"""Alternative for 4.1: float64 internally, the L1 and L2 parts computed separately, sign with where."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403

EXERCISE = "4.1"


def elastic_net(W, lam, alpha=0.5):
    if lam < 0:
        raise ValueError(f"lam must be non-negative, got {lam}")
    if alpha < 0 or alpha > 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    w = np.asarray(W, dtype=np.float64).ravel()
    l1 = np.sum(np.abs(w))
    l2 = np.dot(w, w) / 2
    sign = np.where(w > 0, 1.0, np.where(w < 0, -1.0, 0.0))
    dW = lam * (alpha * sign + (1 - alpha) * w)
    return float(lam * (alpha * l1 + (1 - alpha) * l2)), dW.reshape(W.shape).astype(W.dtype)
