"""Alternative for 6.3: reshape and sum, broadcast_to (copied) in the backward."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.3"

def global_avg_pool(x):
    x = np.asarray(x)
    if np.ndim(x) != 4:
        raise ValueError(f"x must be (N, C, H, W), got {np.shape(x)}")
    N, C, H, W = x.shape
    return (x.reshape(N, C, H * W).sum(axis=2) / (H * W)).astype(x.dtype)


def global_avg_pool_backward(dout, x_shape):
    dout = np.asarray(dout)
    N, C, H, W = x_shape
    return np.broadcast_to(dout[:, :, None, None] / (H * W), (N, C, H, W)).astype(dout.dtype)
