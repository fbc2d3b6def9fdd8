"""Alternative for 2.3: the layers as a list of (W, b) pairs, log-softmax with logaddexp.reduce,
the backward pass with einsum and the ReLU mask taken from the pre-activations."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.3"


def mlp_loss(params, X, y=None, reg=0.0):
    layers = []
    while f"W{len(layers) + 1}" in params:
        i = len(layers) + 1
        layers.append((params[f"W{i}"], params[f"b{i}"]))
    inputs, pre = [], []
    h = X
    for i, (W, b) in enumerate(layers):
        inputs.append(h)
        a = np.einsum("nd,dh->nh", h, W) + b
        pre.append(a)
        h = a if i == len(layers) - 1 else np.where(a > 0, a, 0)
    scores = h
    if y is None:
        return scores
    N = X.shape[0]
    log_p = scores - np.logaddexp.reduce(scores, axis=1, keepdims=True)
    loss = -np.sum(log_p[np.arange(N), y]) / N
    for W, _ in layers:
        loss += reg / 2 * np.einsum("ij,ij->", W, W)
    one_hot = np.zeros_like(scores)
    one_hot[np.arange(N), y] = 1
    da = (np.exp(log_p) - one_hot) / N
    grads = {}
    for i in reversed(range(len(layers))):
        W, _ = layers[i]
        if i < len(layers) - 1:
            da = da * (pre[i] > 0)
        grads[f"W{i + 1}"] = np.einsum("nd,nh->dh", inputs[i], da) + reg * W
        grads[f"b{i + 1}"] = np.einsum("nh->h", da)
        da = np.einsum("nh,dh->nd", da, W)
    return float(loss), grads
