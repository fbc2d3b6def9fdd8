"""Alternative for 3.3: sign written with np.where, decay applied as a multiplicative shrink."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.3"


def lion(theta, grad, m, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
    b1, b2 = betas
    if lr <= 0 or not (0 <= b1 < 1) or not (0 <= b2 < 1) or weight_decay < 0:
        raise ValueError(f"bad setting: lr={lr}, betas={betas}, weight_decay={weight_decay}")
    if np.shape(grad) != np.shape(theta) or np.shape(m) != np.shape(theta):
        raise ValueError("theta, grad and m must have one shape")
    c = b1 * m + (1 - b1) * grad
    s = np.where(c > 0, 1.0, np.where(c < 0, -1.0, 0.0))
    new = theta * (1 - lr * weight_decay) - lr * s
    return new.astype(theta.dtype), (m + (1 - b2) * (grad - m)).astype(theta.dtype)
