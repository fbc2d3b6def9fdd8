"""Alternative for 6.8: numpy's sliding_window_view, every S-th window kept."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.8"

def max_pool2d(x, size, stride=None):
    stride = size if stride is None else stride
    if np.ndim(x) != 4 or size < 1 or stride < 1 or size > min(x.shape[2:]):
        raise ValueError(f"max_pool2d: cannot pool x of shape {np.shape(x)} with size={size}, stride={stride}")
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    return windows[:, :, ::stride, ::stride].max(axis=(-2, -1))
