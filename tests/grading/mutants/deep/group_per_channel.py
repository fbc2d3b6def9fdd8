"""Mutant of 5.4: normalizes each channel on its own (instance norm) whatever G."""
import numpy as np

from solutions.deep import *  # noqa: F401,F403
import solutions.deep as ref
from nnbook.layers import Layer, Parameter  # noqa: F401

EXERCISE = "5.4"

class GroupNorm(ref.GroupNorm):
    def forward(self, x):
        G = self.G
        self.G = self.C
        try:
            return super().forward(x)
        finally:
            self.G = G

    def backward(self, dout):
        G = self.G
        self.G = self.C
        try:
            return super().backward(dout)
        finally:
            self.G = G
