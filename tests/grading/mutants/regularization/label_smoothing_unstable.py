"""Mutant of 4.3: computes softmax without subtracting the maximum."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.3"

def label_smoothing_cross_entropy(scores, y, eps=0.1):
    ref.label_smoothing_cross_entropy(scores, y, eps)
    N, C = scores.shape
    with np.errstate(all="ignore"):
        e = np.exp(scores)
        p = e / e.sum(axis=1, keepdims=True)
        t = np.full(scores.shape, eps / C)
        t[np.arange(N), y] += 1 - eps
        return float(-np.sum(t * np.log(p)) / N), ((p - t) / N).astype(scores.dtype)
