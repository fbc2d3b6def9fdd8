"""Mutant of 4.4: refuses std = 0 (checks std <= 0 instead of std < 0)."""
import numpy as np

from solutions.regularization import *  # noqa: F401,F403
import solutions.regularization as ref

EXERCISE = "4.4"


class GaussianNoiseLayer(ref.GaussianNoiseLayer):
    def __init__(self, std, *, rng=None):
        if std <= 0:
            raise ValueError(f"std must be positive, got {std}")
        super().__init__(std, rng=rng)
