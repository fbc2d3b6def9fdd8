"""Tasks of the Backpropagation chapter that run in the worker, next to the student's code.

They only call the student's function and return what came back (plain data): every judgement
is made by the checks, in the grader's process.
"""
from __future__ import annotations

import numpy as np

# The functions exercise 1.6 differentiates numerically (defined here: they must exist where the
# student's numerical_jacobian calls them).


def affine_tanh(x):
    A = np.array([[1.0, -2.0, 0.5], [0.3, 0.1, -1.0]])[:, : x.shape[0]]
    return np.tanh(A @ x)


def softmax(x):
    e = np.exp(x - x.max())
    return e / e.sum()


def cubic(x):
    return np.array([np.sum(x ** 3), x[0] * x[-1]])


FUNCTIONS = {"affine_tanh": affine_tanh, "softmax": softmax, "cubic": cubic}


def jacobian(module, name, function, x, h):
    """``numerical_jacobian(f, x, h)`` (h omitted when None) for one of :data:`FUNCTIONS`; also how
    often f was called."""
    calls = []

    def f(z):
        calls.append(1)
        return FUNCTIONS[function](z)

    J = getattr(module, name)(f, x) if h is None else getattr(module, name)(f, x, h)
    return J, len(calls)


def residual_stack(module, name, stack_params, x, dout):
    """A ``Sequential`` of ``len(stack_params)`` blocks of the student's class ``name``, each set to
    its parameters. With ``dout``: (out, dx, grads per block); with a list of inputs ``x`` and no
    dout: the output for each input."""
    from nnbook.grading.tasks import _parameters, set_parameters
    from nnbook.layers import Sequential

    cls = getattr(module, name)
    blocks = []
    for params in stack_params:
        D, H = params["W1"].shape
        block = cls(D, H, rng=0)
        set_parameters(block, params, name)
        blocks.append(block)
    model = Sequential(*blocks)
    if dout is None:
        return [model.forward(z) for z in x]
    out = model.forward(x)
    dx = model.backward(dout)
    grads = [{k: p.grad for k, p in _parameters(b).items()} for b in blocks]
    return out, dx, grads


def forward_each(module, name, init_args, init_kwargs, param_list, x):
    """For each ``params`` of ``param_list``: a fresh ``name(*init_args, **init_kwargs)`` set to
    ``params``, and its ``forward(x)`` (one call of the worker for a whole numerical gradient)."""
    from nnbook.grading.tasks import set_parameters

    cls = getattr(module, name)
    outs = []
    for params in param_list:
        layer = cls(*init_args, **init_kwargs)
        set_parameters(layer, params, name)
        outs.append(layer.forward(x))
    return outs
