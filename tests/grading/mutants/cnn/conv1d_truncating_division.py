"""Mutant of 6.1: computes L′ with int((L + 2P − K) / S) + 1, which rounds −0.5 up to 0 and gives L′ = 1."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403
import solutions.cnn as ref

EXERCISE = "6.1"


def conv1d_forward(x, w, b, stride=1, padding=0):
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    if x.ndim != 3 or w.shape[1] != x.shape[1]:
        raise ValueError("conv1d_forward: bad shapes")
    N, C, L = x.shape
    F, _, K = w.shape
    L_out = int((L + 2 * padding - K) / stride) + 1
    if L_out < 1:
        raise ValueError("no output")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding + K)))
    idx = stride * np.arange(L_out)[:, None] + np.arange(K)
    return (np.einsum("nclk,fck->nfl", xp[:, :, idx], w) + b[None, :, None]).astype(x.dtype)
