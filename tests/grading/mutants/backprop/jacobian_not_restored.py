"""Mutant of 1.6: perturbs x in place and forgets to put the entries back."""
import numpy as np

from solutions.backprop import *  # noqa: F401,F403

EXERCISE = "1.6"


def numerical_jacobian(f, x, h=1e-5):
    columns = []
    for i in range(x.shape[0]):
        x[i] += h
        f_plus = np.array(f(x), dtype=np.float64)
        x[i] -= 2 * h
        f_minus = np.array(f(x), dtype=np.float64)
        columns.append((f_plus - f_minus) / (2 * h))
    return np.stack(columns, axis=1).astype(x.dtype)
