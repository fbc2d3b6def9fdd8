"""Alternative for 3.8: the paper's efficient form: one corrected rate, ε scaled."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.8"

def adam(theta, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    if not lr > 0 or not (0 <= beta1 < 1 and 0 <= beta2 < 1) or not eps >= 0 or not t >= 1:
        raise ValueError(f"adam: a setting is out of range: lr={lr}, betas={betas}, eps={eps}, t={t}")
    if not (np.shape(grad) == np.shape(m) == np.shape(v) == np.shape(theta)):
        raise ValueError("adam: theta, grad, m and v must have one shape")
    theta = np.asarray(theta)
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * np.square(grad)
    c2 = np.sqrt(1 - beta2 ** t)
    step = lr * c2 / (1 - beta1 ** t)
    new = theta - step * m_new / (np.sqrt(v_new) + eps * c2)
    return new.astype(theta.dtype), m_new.astype(theta.dtype), v_new.astype(theta.dtype)
