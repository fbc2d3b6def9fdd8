"""Mutant of 6.2: assigns instead of adding into dx where windows overlap."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.2"

def conv1d_backward(dout, x, w, stride=1, padding=0):
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    N, C, L = x.shape
    K, L_out = w.shape[2], dout.shape[2]
    _, dw, db = ref.conv1d_backward(dout, x, w, stride, padding)
    dwin = np.einsum("nfl,fck->nclk", dout, w)
    dxp = np.zeros((N, C, L + 2 * padding), dtype=x.dtype)
    for k in range(K):
        dxp[:, :, k: k + stride * (L_out - 1) + 1: stride] = dwin[:, :, :, k]
    return dxp[:, :, padding: padding + L], dw, db
