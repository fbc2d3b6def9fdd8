"""Alternative for 3.4: a while loop counting the reductions k; the rate computed as lr0·shrinkᵏ."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.4"


def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    if not (lr0 > 0 and 0 < c < 1 and 0 < shrink < 1 and max_trials >= 1):
        raise ValueError("need lr0 > 0, c and shrink in (0, 1), max_trials >= 1")
    g = grad(theta)
    fx = f(theta)
    slope = float(np.dot(g.ravel(), g.ravel()))
    if slope == 0:
        return np.copy(theta), lr0
    k = 0
    while f(theta - lr0 * shrink ** k * g) > fx - c * lr0 * shrink ** k * slope and k < max_trials - 1:
        k += 1
    lr = lr0 * shrink ** k
    return (theta - lr * g).astype(theta.dtype), lr
