"""Alternative for 3.2: the infinity norm as a max over a stacked array; the bias correction
applied to m before the division."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.2"


def adamax(theta, grad, m, u, t, lr=0.002, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    if lr <= 0 or not (0 <= b1 < 1) or not (0 <= b2 < 1) or eps < 0 or t < 1:
        raise ValueError(f"bad setting: lr={lr}, betas={betas}, eps={eps}, t={t}")
    if not (np.shape(grad) == np.shape(m) == np.shape(u) == np.shape(theta)):
        raise ValueError("theta, grad, m and u must have one shape")
    dt = theta.dtype
    m_new = b1 * m + (1 - b1) * grad
    u_new = np.stack([b2 * u, np.abs(grad) + eps]).max(axis=0)
    m_hat = m_new / (1 - b1 ** t)
    return (theta - lr * m_hat / u_new).astype(dt), m_new.astype(dt), u_new.astype(dt)
