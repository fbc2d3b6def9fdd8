"""Mutant of 6.7: ignores the padding of the convolutions."""
import numpy as np

from solutions.cnn import *  # noqa: F401,F403

EXERCISE = "6.7"

def predict_conv_output_shape():
    return 64, 2, 2
