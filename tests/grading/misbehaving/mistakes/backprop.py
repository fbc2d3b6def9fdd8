"""Ordinary mistakes a student makes (one per exercise): each must become a failed check saying
what came and what was expected, never a failure of the grader."""
import numpy as np

import solutions.backprop as ref
from solutions.backprop import *  # noqa: F401,F403


class ELU(ref.ELU):                        # 1.1: a flattened output
    def forward(self, x):
        return super().forward(x).reshape(-1)


class Softplus(ref.Softplus):              # 1.2: a list instead of an array
    def forward(self, x):
        return super().forward(x).tolist()


class GELU(ref.GELU):                      # 1.3: None (a forgotten return)
    def forward(self, x):
        super().forward(x)


class HuberLoss(ref.HuberLoss):            # 1.4: the loss as a 1-element array
    def forward(self, pred, target):
        return np.array([super().forward(pred, target)])


class Residual(ref.Residual):              # 1.5: the output as float32 whatever came in
    def forward(self, x):
        return super().forward(x).astype(np.float32)


def numerical_jacobian(f, x, h=1e-5):      # 1.6: a list of lists
    return ref.numerical_jacobian(f, x, h).tolist()


class Embedding(ref.Embedding):            # 1.7: the loss-style mistake: a Python list of rows
    def forward(self, idx):
        return list(super().forward(idx))
