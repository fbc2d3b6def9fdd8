"""Alternative for 3.4: no special case for a zero gradient (the first rate meets the condition,
f(θ) ≤ f(θ) − 0, and θ − lr0·0 is a new array), the accepted rate tracked beside the loop."""
import numpy as np

from solutions.optimization import *  # noqa: F401,F403

EXERCISE = "3.4"


def armijo_step(f, grad, theta, lr0=1.0, c=1e-4, shrink=0.5, max_trials=50):
    if lr0 <= 0 or not 0 < c < 1 or not 0 < shrink < 1 or max_trials < 1:
        raise ValueError(f"armijo_step: bad settings lr0={lr0}, c={c}, shrink={shrink}, max_trials={max_trials}")
    g = np.asarray(grad(theta), dtype=np.float64)
    f0, gg = f(theta), float(np.sum(g ** 2))
    rates = lr0 * shrink ** np.arange(max_trials)
    for lr in rates:
        candidate = (theta - lr * g).astype(theta.dtype)
        if f(candidate) <= f0 - c * lr * gg:
            break
    return candidate, float(lr)
