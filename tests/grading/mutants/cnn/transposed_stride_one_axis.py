"""Mutant of 6.5: applies the stride to the rows only."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.5"

def conv_transpose2d(x, w, stride=1, padding=0):
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4 or w.shape[0] != x.shape[1]:
        raise ValueError("shapes")
    N, C, H, W = x.shape
    _, F, K, _ = w.shape
    out = np.zeros((N, F, (H - 1) * stride + K, (W - 1) * stride + K), dtype=x.dtype)
    for k in range(K):
        for l in range(K):
            out[:, :, k: k + stride * (H - 1) + 1: stride, l: l + W] += np.einsum("nchw,cf->nfhw", x, w[:, :, k, l])
    Ho, Wo = (H - 1) * stride - 2 * padding + K, (W - 1) * stride - 2 * padding + K
    if Ho < 1 or Wo < 1:
        raise ValueError("no output")
    return out[:, :, padding: padding + Ho, padding: padding + Wo].copy()
