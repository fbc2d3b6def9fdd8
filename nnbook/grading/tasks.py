"""Generic tasks run in the student's process: they call the student's code and return what came
back. Nothing here judges anything (the student's process could change it): every comparison is
made by the checks in the grader's process. Chapter-specific tasks live in the chapter's folder
(``nnbook/grading/chapters/<chapter>/tasks.py``) and are named ``"<chapter>:<function>"``."""
from __future__ import annotations

import numpy as np


def call(module, name, args, kwargs):
    return getattr(module, name)(*args, **kwargs)


def call_many(module, name, arg_list, kwargs):
    fn = getattr(module, name)
    return [fn(*args, **kwargs) for args in arg_list]


def _pair(result):
    if type(result) is tuple and len(result) == 2:
        return result
    return None


def forward_many(module, name, arg_list, kwargs):
    """The first item of each ``(out, cache)`` pair (or the whole result if it is no pair)."""
    fn = getattr(module, name)
    out = []
    for args in arg_list:
        result = fn(*args, **kwargs)
        pair = _pair(result)
        out.append(pair[0] if pair else result)
    return out


def forward_backward(module, forward, backward, args, kwargs, dout):
    """``out, cache = forward(*args)``; ``backward(dout, cache)``. A result that is not a pair is
    returned as it came (the check says what is wrong with it)."""
    result = getattr(module, forward)(*args, **kwargs)
    pair = _pair(result)
    if pair is None:
        return {"not_a_pair": result}
    return pair[0], getattr(module, backward)(dout, pair[1])


def _parameters(layer) -> dict:
    for attr in ("named_parameters", "parameters"):
        get = getattr(layer, attr, None)
        if callable(get):
            params = get()
            return dict(params) if not isinstance(params, dict) else params
    return {}


def set_parameters(obj, params: dict, name: str) -> None:
    """Copy ``params`` (name -> array) into the parameters of ``obj``."""
    own = _parameters(obj)
    for pname, value in (params or {}).items():
        if pname not in own:
            raise LookupError(f"{name} has no parameter {pname!r} (its parameters: {sorted(own)}); "
                              "assign Parameter objects as attributes after super().__init__()")
        target = getattr(own[pname], "value", None)
        if type(target) is not np.ndarray or target.shape != np.shape(value):
            raise ValueError(f"{name}'s parameter {pname!r} should hold an array of shape "
                             f"{np.shape(value)}, holds {type(target).__name__} "
                             f"{getattr(target, 'shape', '')}")
        target[...] = value


def layer(module, name, init_args, init_kwargs, params, steps):
    """Build ``name(*init_args, **init_kwargs)``, set parameter values from ``params``, then run
    ``steps``: ("forward", x), ("loss", pred, target) (a Loss's forward), ("backward", dout),
    ("backward",) (a Loss's), ("zero_grad",), ("eval",), ("train",), ("attr", name),
    ("set", name, value), ("scribble", k) (write into the array step k returned). Returns the list
    of step results and every parameter's (value, grad) at the end."""
    obj = getattr(module, name)(*init_args, **init_kwargs)
    set_parameters(obj, params, name)
    results = []
    for step in steps:
        op = step[0]
        if op == "forward":
            results.append(obj.forward(step[1]))
        elif op == "loss":
            results.append(obj.forward(step[1], step[2]))
        elif op == "backward" and len(step) == 1:
            results.append(obj.backward())
        elif op == "scribble":
            target = results[step[1]]
            if type(target) is np.ndarray:
                target[...] = 12345
            results.append(None)
        elif op == "backward":
            results.append(obj.backward(step[1]))
        elif op in ("zero_grad", "eval", "train"):
            getattr(obj, op)()
            results.append(None)
        elif op == "attr":
            results.append(getattr(obj, step[1]))
        elif op == "set":
            setattr(obj, step[1], step[2])
            results.append(None)
        else:
            raise ValueError(f"unknown step {op!r}")
    final = {}
    for pname, p in _parameters(obj).items():
        final[pname] = (getattr(p, "value", None), getattr(p, "grad", None))
    return results, final


TASKS = {"call": call, "call_many": call_many, "forward_many": forward_many,
         "forward_backward": forward_backward, "layer": layer}
