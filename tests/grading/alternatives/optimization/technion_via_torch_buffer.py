"""Alternative for 3.1: keep torch's buffer b = −v/η internally, in torch's form."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.1"


def technion_momentum(theta, grad, v, lr, momentum=0.9):
    if lr <= 0 or not (0 <= momentum < 1):
        raise ValueError(f"need lr > 0 and momentum in [0, 1), got lr={lr}, momentum={momentum}")
    if np.shape(grad) != np.shape(theta) or np.shape(v) != np.shape(theta):
        raise ValueError("theta, grad and v must have one shape")
    b = -np.asarray(v) / lr                 # torch's momentum buffer
    b = momentum * b + grad
    new_theta = theta - lr * b
    return new_theta.astype(theta.dtype), (-lr * b).astype(theta.dtype)
