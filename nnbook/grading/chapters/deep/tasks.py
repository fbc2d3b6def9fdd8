"""Tasks of the Deep-networks chapter that run in the worker, next to the student's code.

They build what the student's code needs (the branch of a residual block), call it and return
what came back (plain data): every judgement is made by the checks, in the grader's process.
"""
from __future__ import annotations

# imported here, when the worker starts (before it is sealed), not inside a task
import numpy as np

from nnbook.grading.tasks import layer as _layer_steps
from nnbook.layers import Linear, Sequential, Tanh


def branch(D: int, H: int, D_out: int | None = None):
    """The block f of the residual exercise: Linear(D, H), Tanh, Linear(H, D_out) (float64;
    D_out = D unless a check wants a block that changes the shape)."""
    return Sequential(Linear(D, H, rng=0), Tanh(), Linear(H, D if D_out is None else D_out, rng=1))


class _Module:
    """The student's module with ``name`` bound to a constructor that passes ``branch(D, H)``."""

    def __init__(self, module, name, D, H, D_out):
        self._cls, self._shape = getattr(module, name), (D, H, D_out)

    def build(self, *args, **kwargs):
        return self._cls(branch(*self._shape), *args, **kwargs)


def residual(module, name, D, H, init_kwargs, params, steps, D_out=None):
    """``name(branch(D, H), **init_kwargs)``, its parameters set from ``params`` (by path:
    "alpha", "block.0.W", ...), then the ``steps`` of :func:`nnbook.grading.tasks.layer`."""
    return _layer_steps(_Module(module, name, D, H, D_out), "build", (), init_kwargs, params, steps)


def shares_input(module, name, *args):
    """``name(*args)``; whether what it returned shares memory with one of the input arrays (a
    result that is an input, or a view of one). The check judges it."""
    result = getattr(module, name)(*args)
    return bool(type(result) is np.ndarray and any(
        type(a) is np.ndarray and np.shares_memory(result, a) for a in args))
