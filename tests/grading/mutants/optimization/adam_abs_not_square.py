"""Mutant of 3.8: |g| instead of g² in the second moment."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.8"

def adam(theta, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    if not lr > 0 or not (0 <= beta1 < 1 and 0 <= beta2 < 1) or not eps >= 0 or not t >= 1:
        raise ValueError("bad setting")
    theta = np.asarray(theta)
    dtype = theta.dtype
    m_new = (beta1 * m + (1 - beta1) * grad).astype(dtype, copy=False)
    v_new = (beta2 * v + (1 - beta2) * np.abs(grad)).astype(dtype, copy=False)
    m_hat, v_hat = m_new / (1 - beta1 ** t), v_new / (1 - beta2 ** t)
    return (theta - lr * m_hat / (np.sqrt(v_hat) + eps)).astype(dtype, copy=False), m_new, v_new
