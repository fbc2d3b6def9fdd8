"""Tasks of the Convolutional-networks chapter that run in the worker, next to the student's code.

They call the student's function and return what came back (plain data): every judgement is
made by the checks, in the grader's process.
"""
from __future__ import annotations

import numpy as np


def write_into(module, name, args):
    """``name(*args)``, then write into the array it returned: a read-only result (a broadcast
    view) raises here, where the docstring promises a new, writable array."""
    result = getattr(module, name)(*args)
    if type(result) is np.ndarray:
        result[...] = 1
    return None
