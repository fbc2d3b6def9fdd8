"""Alternative for 2.2: builds the network with nnbook's layers and counts."""
import numpy as np

from solutions.mlp import *  # noqa: F401,F403

EXERCISE = "2.2"

def predict_mlp_parameters():
    from nnbook.layers import Linear, ReLU, Sequential
    model = Sequential(Linear(784, 256), ReLU(), Linear(256, 128), ReLU(), Linear(128, 10))
    return sum(p.value.size for p in model.parameters().values())
