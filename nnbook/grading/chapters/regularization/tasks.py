"""Tasks of the Regularization chapter that run in the worker, next to the student's code.

They build what the student's code needs (a model with Dropout, a seeded Generator), call it and
return what came back (plain data): every judgement is made by the checks, in the grader's
process.
"""
from __future__ import annotations

import numpy as np

# imported here, when the worker starts (before it is sealed), not inside a task
from nnbook.layers import Dropout, Linear, ReLU, Sequential


def mc_dropout(module, name, params, X, K, p, training):
    """The student's ``name(model, X, K)`` on a 2-layer ReLU MLP with Dropout(p) (seed 7) whose
    weights are ``params`` ("0.W", "0.b", "3.W", "3.b"), started in training mode or not; returns
    (what came back, model.training afterwards)."""
    D, H = params["0.W"].shape
    C = params["3.W"].shape[1]
    model = Sequential(Linear(D, H, rng=0), ReLU(), Dropout(p, rng=7), Linear(H, C, rng=1))
    own = model.parameters()
    for key, value in params.items():
        own[key].value[...] = value
    model.train() if training else model.eval()
    result = getattr(module, name)(model, X, K)
    return result, bool(model.training)


def with_generator(module, name, args, kwargs, seed):
    """``name(*args, rng=np.random.default_rng(seed), **kwargs)``."""
    return getattr(module, name)(*args, rng=np.random.default_rng(seed), **kwargs)


def scribble(module, name, args, kwargs, seed):
    """``name(*args, **kwargs)`` (with ``rng=np.random.default_rng(seed)`` unless seed is None),
    then write into every array it returned (inside tuples, lists and dicts too). An input that
    changes betrays a result that is the input itself or a view of it (the grader compares the
    inputs)."""
    if seed is not None:
        kwargs = {**kwargs, "rng": np.random.default_rng(seed)}
    _write_into(getattr(module, name)(*args, **kwargs))
    return None


def _write_into(value, depth=0):
    if type(value) is np.ndarray and value.flags.writeable:
        value[...] = 12345
    elif type(value) in (tuple, list) and depth < 3:
        for item in value:
            _write_into(item, depth + 1)
    elif type(value) is dict and depth < 3:
        for item in value.values():
            _write_into(item, depth + 1)
