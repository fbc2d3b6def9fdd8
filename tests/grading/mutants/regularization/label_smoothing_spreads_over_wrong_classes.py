"""Mutant of 4.3: spreads eps over the C - 1 wrong classes only."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.3"

def label_smoothing_cross_entropy(scores, y, eps=0.1):
    ref.label_smoothing_cross_entropy(scores, y, eps)
    N, C = scores.shape
    s = scores - scores.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    t = np.full(scores.shape, eps / (C - 1))
    t[np.arange(N), y] = 1 - eps
    return float(-np.sum(t * logp) / N), ((np.exp(logp) - t) / N).astype(scores.dtype)
