"""Alternative for 1.6: steps along the rows of h·I, never touching x; columns computed in float64."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.6"


def numerical_jacobian(f, x, h=1e-5):
    steps = h * np.eye(x.shape[0], dtype=x.dtype)
    columns = [(np.asarray(f(x + e), dtype=np.float64) - np.asarray(f(x - e), dtype=np.float64)) / (2 * h)
               for e in steps]
    return np.column_stack(columns).astype(x.dtype)
