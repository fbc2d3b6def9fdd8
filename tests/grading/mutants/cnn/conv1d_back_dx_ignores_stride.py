"""Mutant of 6.2: scatters dx as if the stride were 1."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.2"


def conv1d_backward(dout, x, w, stride=1, padding=0):
    _, dw, db = ref.conv1d_backward(dout, x, w, stride, padding)
    N, C, L = x.shape
    F, _, K = w.shape
    L_out = dout.shape[2]
    dxp = np.zeros((N, C, L + 2 * padding), dtype=x.dtype)
    for i in range(L_out):
        for k in range(K):
            if i + k < dxp.shape[2]:
                dxp[:, :, i + k] += np.einsum("nf,fc->nc", dout[:, :, i], w[:, :, k])
    return dxp[:, :, padding: padding + L].astype(x.dtype), dw, db
