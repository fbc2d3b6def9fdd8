"""Alternative for 3.5: the Hessian assembled from its entries; the 2×2 solve by Cramer's rule
(a general P handled with np.linalg.solve); singularity detected by the determinant's size."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.5"


def rosenbrock_hessian(theta, a=1.0, b=100.0):
    if np.shape(theta) != (2,):
        raise ValueError(f"theta must be (x, y), got shape {np.shape(theta)}")
    x, y = theta
    fxx = 2 + 12 * b * x ** 2 - 4 * b * y
    fxy = -4 * b * x
    return np.array([[fxx, fxy], [fxy, 2 * b]], dtype=np.asarray(theta).dtype)


def newton_step(theta, grad, hessian, damping=0.0):
    if damping < 0:
        raise ValueError("damping must be >= 0")
    theta = np.asarray(theta)
    P = theta.size
    if theta.ndim != 1 or np.shape(grad) != (P,) or np.shape(hessian) != (P, P):
        raise ValueError("shapes must be theta (P,), grad (P,), hessian (P, P)")
    A = np.asarray(hessian, dtype=np.float64) + damping * np.eye(P)
    g = np.asarray(grad, dtype=np.float64)
    det = np.linalg.det(A)
    if abs(det) < 1e-12 * max(1.0, np.abs(A).max() ** P):
        raise ValueError("singular system")
    if P == 2:
        delta = np.array([A[1, 1] * g[0] - A[0, 1] * g[1], A[0, 0] * g[1] - A[1, 0] * g[0]]) / det
    else:
        delta = np.linalg.solve(A, g)
    return (theta - delta).astype(theta.dtype)
