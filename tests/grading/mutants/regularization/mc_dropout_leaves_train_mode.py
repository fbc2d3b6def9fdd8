"""Mutant of 4.5: leaves the model in training mode."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref
from nnbook.layers import softmax  # noqa: F401

EXERCISE = "4.5"

def mc_dropout_predict(model, X, K):
    mean, std = ref.mc_dropout_predict(model, X, K)
    model.train()
    return mean, std
