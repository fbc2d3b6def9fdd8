"""Alternative for 6.5: insert S - 1 zeros between pixels, pad by K - 1 - P, convolve with the flipped, transposed kernel."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.5"

from nnbook.conv import conv2d_forward as _conv2d


def conv_transpose2d(x, w, stride=1, padding=0):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != x.shape[1]:
        raise ValueError(f"x (N, C, H, W) and w (C, F, K, K) must share C, got {x.shape} and {w.shape}")
    N, C, H, W = x.shape
    K = w.shape[2]
    Ho, Wo = (H - 1) * stride - 2 * padding + K, (W - 1) * stride - 2 * padding + K
    if Ho < 1 or Wo < 1:
        raise ValueError(f"no output: H' = {Ho}, W' = {Wo}")
    up = np.zeros((N, C, (H - 1) * stride + 1, (W - 1) * stride + 1))
    up[:, :, ::stride, ::stride] = x
    q = K - 1
    up = np.pad(up, ((0, 0), (0, 0), (q, q), (q, q)))
    kernel = np.ascontiguousarray(w.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1]).astype(float)   # (F, C, K, K)
    full = _conv2d(up, kernel, None)[0]                                # (N, F, (H-1)S + K, (W-1)S + K)
    return np.ascontiguousarray(full[:, :, padding: padding + Ho, padding: padding + Wo]).astype(x.dtype)
