"""Tasks of the Optimization chapter that run in the worker, next to the student's code.

They build what the student's code needs (the gradient of a quadratic, the 2-D test functions of
``nnbook.surfaces``), run the student's update for several steps and return what came back (plain
data): every judgement is made by the checks, in the grader's process.
"""
from __future__ import annotations

import numpy as np

# imported here, when the worker starts (before it is sealed), not inside a task
from nnbook.grading.chapters.regularization.tasks import _write_into, scribble  # noqa: F401 - "optimization:scribble"
from nnbook.surfaces import SURFACES

STATE = {"technion_momentum": ("v",), "adamax": ("m", "u"), "lion": ("m",), "adam": ("m", "v")}


def on_quadratic(module, name, A, theta0, kwargs, steps):
    """Run the student's update ``name`` for ``steps`` steps on f(θ) = ½ θᵀAθ (gradient Aθ) from
    ``theta0``, its state starting at zeros; return the points (steps + 1, P)."""
    fn = getattr(module, name)
    theta = np.array(theta0, copy=True)
    state = [np.zeros_like(theta) for _ in STATE[name]]
    points = [theta.copy()]
    for t in range(1, steps + 1):
        grad = (A @ theta).astype(theta.dtype)
        extra = (t,) if name in ("adamax", "adam") else ()
        out = fn(theta, grad, *state, *extra, **kwargs)
        theta, state = out[0], list(out[1:])
        points.append(np.array(theta, copy=True))
    return np.array(points)


def armijo(module, name, surface, theta, kwargs, scribble=False):
    """The student's ``armijo_step(f, grad, theta, **kwargs)`` on a surface of nnbook.surfaces;
    returns (what came back, the points where f was evaluated). With ``scribble``, theta is the
    argument itself and the theta returned is written into afterwards (an input that changes
    betrays a result that is theta itself)."""
    s = SURFACES[surface]
    evaluated = []

    def f(p):
        p = np.array(p, dtype=np.float64)
        evaluated.append(p.copy())
        return float(s.f(*p))

    def grad(p):
        return np.array(s.grad(*np.asarray(p, dtype=np.float64)))

    result = getattr(module, name)(f, grad, theta if scribble else np.array(theta, copy=True), **kwargs)
    if scribble:
        _write_into(result)
        return None
    return result, np.array(evaluated)


def newton_on_rosenbrock(module, theta0, steps, damping):
    """``steps`` Newton steps on Rosenbrock (a = 1, b = 100) with the student's
    ``rosenbrock_hessian`` and ``newton_step``; returns the points (steps + 1, 2)."""
    s = SURFACES["rosenbrock"]
    theta = np.array(theta0, dtype=np.float64)
    points = [theta.copy()]
    for _ in range(steps):
        grad = np.array(s.grad(*theta))
        H = module.rosenbrock_hessian(theta)
        theta = np.asarray(module.newton_step(theta, grad, H, damping), dtype=np.float64)
        points.append(theta.copy())
    return np.array(points)
