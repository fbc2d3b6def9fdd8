"""The checks of the chapter "Optimization" (exercises/optimization.py).

Each check stands alone; inputs come from ``ctx.rng``. The update rules are compared with values
recorded from the solutions (one step from a random state, float64 and float32) and with what
needs no solution: the Technion form of momentum against nnbook's own ``SGD`` (itself checked
against ``torch.optim.SGD``) over a whole trajectory, Lion's steps of size exactly η, Armijo's
condition and the largest rate that meets it, Newton's single step to a quadratic's minimum, and
the EMA's algebra.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import Chapter, CheckFailed, Exercise, array, kind, number, pair
from nnbook.layers import Parameter
from nnbook.optim import SGD

DTYPES = (np.float64, np.float32)


def _state(ctx, k, shape, dtype, n):
    r = ctx.rng(*k)
    return [r.standard_normal(shape).astype(dtype) for _ in range(n)]


def _quadratic(ctx, k, P=3):
    r = ctx.rng(300, k)
    Q = r.standard_normal((P, P))
    A = Q @ Q.T / P + np.eye(P)                            # symmetric positive definite
    return A, r.standard_normal(P)


def _path(ctx, name, A, theta0, kwargs, steps, label):
    out = ctx.run("optimization:on_quadratic", name, A, theta0, kwargs, steps, label=label)
    return array(label, out, (steps + 1, len(theta0)), theta0.dtype)


def _update(ctx, name, args, kwargs, n, label, shape, dtype):
    out = pair(ctx.call(name, *args, label=label, **kwargs), label, n, f"a tuple of {n} arrays")
    return [array(f"item {i} of what {label} returned", v, shape, dtype) for i, v in enumerate(out)]


# --- 3.1 momentum, the Technion form -----------------------------------------------------------------

MOMENTUM = Exercise("3.1", "Momentum, the Technion form", ("technion_momentum",), 2)


@MOMENTUM.check("one step from a random state matches the reference (default μ, μ = 0, 0.5; float32)", gate=True)
def _(ctx):
    for k, (mu, dtype) in enumerate(((None, np.float64), (0.0, np.float64), (0.5, np.float64),
                                     (0.9, np.float32))):
        theta, grad, v = _state(ctx, (310, k), (4, 3), dtype, 3)
        kwargs = {} if mu is None else {"momentum": mu}
        label = f"technion_momentum(lr=0.1, momentum={mu if mu is not None else 'default'}, {np.dtype(dtype)})"
        new_theta, new_v = _update(ctx, "technion_momentum", (theta, grad, v, 0.1), kwargs, 2, label,
                                   theta.shape, dtype)
        ctx.match(f"theta/{k}", f"theta from {label}", new_theta)
        ctx.match(f"v/{k}", f"v from {label}", new_v)


@MOMENTUM.check("60 steps on a quadratic equal torch's form (nnbook.optim.SGD with momentum; no solution needed)")
def _(ctx):
    for k, (lr, mu) in enumerate(((0.1, 0.9), (0.05, 0.5))):
        A, theta0 = _quadratic(ctx, k)
        path = _path(ctx, "technion_momentum", A, theta0, {"lr": lr, "momentum": mu}, 60,
                     f"technion_momentum(lr={lr}, momentum={mu}) for 60 steps")
        p = Parameter(theta0.copy())
        opt = SGD({"theta": p}, lr=lr, momentum=mu)
        ref = [p.value.copy()]
        for _ in range(60):
            p.grad[...] = A @ p.value
            opt.step()
            ref.append(p.value.copy())
        err = np.max(np.abs(path - np.array(ref)))
        ctx.require(err < 1e-9, f"with lr={lr}, momentum={mu} the trajectory must equal torch's SGD "
                                f"(b ← μb + g, θ ← θ − ηb); the largest difference is {err:.3g}. "
                                "Is v ← μv − η g, then θ ← θ + v (the new v)?")


@MOMENTUM.check("lr ≤ 0 and momentum outside [0, 1) raise a ValueError")
def _(ctx):
    theta, grad, v = _state(ctx, (315,), (3,), np.float64, 3)
    for args, kwargs, what in (((theta, grad, v, 0.0), {}, "lr = 0"), ((theta, grad, v, -0.1), {}, "lr = -0.1"),
                               ((theta, grad, v, 0.1), {"momentum": 1.0}, "momentum = 1"),
                               ((theta, grad, v, 0.1), {"momentum": -0.1}, "momentum = -0.1")):
        ctx.expect_error("technion_momentum", args, "ValueError", f"technion_momentum with {what}",
                         task_args=("technion_momentum", args, kwargs))


# --- 3.2 Adamax ---------------------------------------------------------------------------------------

ADAMAX = Exercise("3.2", "Adamax", ("adamax",), 2)


@ADAMAX.check("one step from a random state matches the reference (t = 1, 5; default and other betas; float32)", gate=True)
def _(ctx):
    for k, (t, kwargs, dtype) in enumerate(((1, {}, np.float64), (5, {"lr": 0.01}, np.float64),
                                            (3, {"lr": 0.05, "betas": (0.5, 0.9)}, np.float64),
                                            (2, {"eps": 1e-3}, np.float32))):
        theta, grad, m, u = _state(ctx, (320, k), (5,), dtype, 4)
        u = np.abs(u)
        label = f"adamax(t={t}, {kwargs or 'defaults'}, {np.dtype(dtype)})"
        out = _update(ctx, "adamax", (theta, grad, m, u, t), kwargs, 3, label, theta.shape, dtype)
        for name, value in zip(("theta", "m", "u"), out):
            ctx.match(f"{name}/{k}", f"{name} from {label}", value)


@ADAMAX.check("50 steps on a quadratic match the reference; the first step moves every coordinate by lr")
def _(ctx):
    A, theta0 = _quadratic(ctx, 2, P=4)
    path = _path(ctx, "adamax", A, theta0, {"lr": 0.05}, 50, "adamax(lr=0.05) for 50 steps")
    ctx.match("path", "the trajectory of adamax(lr=0.05) on a quadratic", path)
    first = np.abs(path[1] - path[0])
    ctx.require(np.allclose(first, 0.05, rtol=1e-4),
                f"the first Adamax step (m and u from zeros, bias-corrected) moves each coordinate by "
                f"lr = 0.05, got {np.round(first, 5).tolist()}")


@ADAMAX.check("lr ≤ 0, a beta outside [0, 1), eps < 0 and t = 0 raise a ValueError")
def _(ctx):
    theta, grad, m, u = _state(ctx, (325,), (3,), np.float64, 4)
    base = (theta, grad, m, np.abs(u), 1)
    for args, kwargs, what in ((base, {"lr": -1.0}, "lr = -1"), (base, {"betas": (1.0, 0.999)}, "beta1 = 1"),
                               (base, {"betas": (0.9, -0.1)}, "beta2 = -0.1"), (base, {"eps": -1e-8}, "eps < 0"),
                               ((theta, grad, m, np.abs(u), 0), {}, "t = 0")):
        ctx.expect_error("adamax", args, "ValueError", f"adamax with {what}", task_args=("adamax", args, kwargs))


# --- 3.3 Lion ------------------------------------------------------------------------------------------

LION = Exercise("3.3", "Lion", ("lion",), 2)


@LION.check("one step from a random state matches the reference (defaults, other betas, weight decay; float32)", gate=True)
def _(ctx):
    for k, (kwargs, dtype) in enumerate((({}, np.float64), ({"lr": 0.01, "betas": (0.5, 0.9)}, np.float64),
                                         ({"lr": 0.003, "weight_decay": 0.1}, np.float64),
                                         ({"lr": 0.01}, np.float32))):
        theta, grad, m = _state(ctx, (330, k), (3, 4), dtype, 3)
        label = f"lion({kwargs or 'defaults'}, {np.dtype(dtype)})"
        out = _update(ctx, "lion", (theta, grad, m), kwargs, 2, label, theta.shape, dtype)
        for name, value in zip(("theta", "m"), out):
            ctx.match(f"{name}/{k}", f"{name} from {label}", value)


@LION.check("every coordinate moves by exactly lr (without weight decay); 40 steps on a quadratic match")
def _(ctx):
    A, theta0 = _quadratic(ctx, 3, P=4)
    path = _path(ctx, "lion", A, theta0, {"lr": 0.02}, 40, "lion(lr=0.02) for 40 steps")
    moves = np.abs(np.diff(path, axis=0))
    ctx.require(np.all(np.isclose(moves, 0.02) | np.isclose(moves, 0.0)),
                "each Lion step moves every coordinate by lr · sign(c), i.e. exactly ±lr (or 0); got moves "
                f"between {moves.min():.4g} and {moves.max():.4g}")
    ctx.match("path", "the trajectory of lion(lr=0.02) on a quadratic", path)


@LION.check("lr ≤ 0, a beta outside [0, 1) and weight_decay < 0 raise a ValueError")
def _(ctx):
    theta, grad, m = _state(ctx, (335,), (3,), np.float64, 3)
    base = (theta, grad, m)
    for kwargs, what in (({"lr": 0.0}, "lr = 0"), ({"betas": (0.9, 1.0)}, "beta2 = 1"),
                         ({"betas": (-0.5, 0.99)}, "beta1 = -0.5"), ({"weight_decay": -0.1}, "weight_decay < 0")):
        ctx.expect_error("lion", base, "ValueError", f"lion with {what}", task_args=("lion", base, kwargs))


# --- 3.4 backtracking line search ---------------------------------------------------------------------------

ARMIJO = Exercise("3.4", "Backtracking (Armijo) line search", ("armijo_step",), 2)
ARMIJO_CASES = [("rosenbrock", (-1.5, 2.5), {}), ("rosenbrock", (0.5, -0.5), {"c": 0.3, "shrink": 0.7}),
                ("quadratic", (-4.5, 1.5), {"lr0": 2.0}), ("saddle", (-2.2, 0.4), {"lr0": 0.5, "shrink": 0.3})]


def _armijo(ctx, surface, theta, kwargs, label):
    out = ctx.run("optimization:armijo", "armijo_step", surface, np.array(theta, dtype=np.float64), kwargs,
                  label=label)
    result, evaluated = pair(out, label)
    new, lr = pair(result, label, what="(theta_new, lr)")
    return array(f"theta_new from {label}", new, (2,), np.float64), number(f"lr from {label}", lr), evaluated


@ARMIJO.check("the step and the rate match the reference on Rosenbrock, the quadratic and the saddle", gate=True)
def _(ctx):
    for k, (surface, theta, kwargs) in enumerate(ARMIJO_CASES):
        label = f"armijo_step on the {surface} from {theta} with {kwargs or 'defaults'}"
        new, lr, _ = _armijo(ctx, surface, theta, kwargs, label)
        ctx.match(f"theta/{k}", f"theta_new of {label}", new)
        ctx.match(f"lr/{k}", f"lr of {label}", lr)


@ARMIJO.check("the rate is the largest lr0·shrinkᵏ meeting Armijo's condition (no solution needed)")
def _(ctx):
    from nnbook.surfaces import SURFACES
    for k, (surface, theta, kwargs) in enumerate(ARMIJO_CASES):
        label = f"armijo_step on the {surface} from {theta}"
        s, theta = SURFACES[surface], np.array(theta)
        c, shrink, lr0 = kwargs.get("c", 1e-4), kwargs.get("shrink", 0.5), kwargs.get("lr0", 1.0)
        new, lr, evaluated = _armijo(ctx, surface, theta, kwargs, label)
        g = np.array(s.grad(*theta))
        f0, gg = s.f(*theta), float(g @ g)
        kk = np.log(lr / lr0) / np.log(shrink)
        ctx.require(abs(kk - round(kk)) < 1e-6 and round(kk) >= 0,
                    f"{label}: the rate must be lr0 · shrink^k for an integer k ≥ 0, got {lr:.6g}")
        ctx.require(np.allclose(new, theta - lr * g, rtol=1e-10, atol=1e-12),
                    f"{label}: theta_new must be theta − lr · grad(theta) with the rate returned")
        ctx.require(s.f(*new) <= f0 - c * lr * gg + 1e-12,
                    f"{label}: the step violates Armijo's condition f(θ − ηg) ≤ f(θ) − c η ‖g‖²")
        if round(kk) > 0:
            bigger = lr / shrink
            ctx.require(s.f(*(theta - bigger * g)) > f0 - c * bigger * gg,
                        f"{label}: the larger rate {bigger:.6g} already meets Armijo's condition; start at "
                        "lr0 and shrink only while the condition fails")
        ctx.require(len(evaluated) <= round(kk) + 2,
                    f"{label}: f was evaluated {len(evaluated)} times for {round(kk)} reductions of the rate")


@ARMIJO.check("lr0 ≤ 0, c or shrink outside (0, 1) and max_trials = 0 raise a ValueError")
def _(ctx):
    for kwargs, what in (({"lr0": 0.0}, "lr0 = 0"), ({"c": 1.0}, "c = 1"), ({"shrink": 0.0}, "shrink = 0"),
                         ({"shrink": 1.5}, "shrink = 1.5"), ({"max_trials": 0}, "max_trials = 0")):
        ctx.expect_error("armijo_step", (), "ValueError", f"armijo_step with {what}", task="optimization:armijo",
                         task_args=("armijo_step", "rosenbrock", np.array([0.5, 0.5]), kwargs))


# --- 3.5 Newton's method -------------------------------------------------------------------------------------

NEWTON = Exercise("3.5", "Newton's method", ("rosenbrock_hessian", "newton_step"), 2)


@NEWTON.check("rosenbrock_hessian matches the reference and numerical differentiation of the gradient", gate=True)
def _(ctx):
    from nnbook.surfaces import SURFACES
    grad = SURFACES["rosenbrock"].grad
    points = [np.array([-1.5, 2.5]), np.array([1.0, 1.0]), ctx.rng(350).uniform(-2, 2, 2)]
    for k, theta in enumerate(points):
        H = array(f"rosenbrock_hessian({theta.tolist()})", ctx.call("rosenbrock_hessian", theta), (2, 2),
                  np.float64)
        ctx.match(f"H/{k}", f"rosenbrock_hessian at {np.round(theta, 4).tolist()}", H)
        h = 1e-6
        num = np.array([(np.array(grad(*(theta + h * e))) - np.array(grad(*(theta - h * e)))) / (2 * h)
                        for e in np.eye(2)]).T
        ctx.require(np.allclose(H, num, rtol=1e-5, atol=1e-4),
                    f"rosenbrock_hessian at {np.round(theta, 4).tolist()} is {np.round(H, 4).tolist()}, the "
                    f"derivative of the gradient is {np.round(num, 4).tolist()}")
    H32 = ctx.call("rosenbrock_hessian", np.array([0.5, 0.2], dtype=np.float32))
    array("rosenbrock_hessian of a float32 theta", H32, (2, 2), np.float32)


@NEWTON.check("newton_step matches the reference (damping 0, 1, 100; float32); one step solves a quadratic", gate=True)
def _(ctx):
    for k, (damping, dtype) in enumerate(((0.0, np.float64), (1.0, np.float64), (100.0, np.float64),
                                          (0.5, np.float32))):
        A, theta = _quadratic(ctx, 10 + k)
        theta, g = theta.astype(dtype), (A @ theta + 1.0).astype(dtype)
        out = array(f"newton_step(damping={damping})", ctx.call("newton_step", theta, g, A.astype(dtype), damping),
                    theta.shape, dtype)
        ctx.match(f"step/{k}", f"newton_step(damping={damping}, {np.dtype(dtype)})", out)
    A, theta = _quadratic(ctx, 20, P=4)
    b = ctx.rng(351).standard_normal(4)
    out = array("newton_step", ctx.call("newton_step", theta, A @ theta - b, A), (4,), np.float64)
    ctx.require(np.allclose(out, np.linalg.solve(A, b), atol=1e-9),
                "one undamped Newton step on f = ½θᵀAθ − bᵀθ must land on its minimum A⁻¹b")


@NEWTON.check("Newton's method reaches Rosenbrock's minimum (1, 1) from (-1.5, 2.5) in 10 steps")
def _(ctx):
    path = ctx.run("optimization:newton_on_rosenbrock", np.array([-1.5, 2.5]), 10, 0.0,
                   label="10 Newton steps on Rosenbrock")
    path = array("the Newton path", path, (11, 2))
    ctx.match("path", "the 10 Newton steps on Rosenbrock", path, rtol=1e-6, atol=1e-9)
    ctx.require(np.allclose(path[-1], 1.0, atol=1e-8), f"after 10 Newton steps θ should be (1, 1), got {path[-1]}")


@NEWTON.check("negative damping, shapes that do not fit and a singular Hessian raise a ValueError")
def _(ctx):
    theta, g = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    for args, what in (((theta, g, np.eye(2), -1.0), "damping = -1"), ((theta, g, np.eye(3)), "a (3, 3) hessian"),
                       ((theta, g[:1], np.eye(2)), "a grad of shape (1,)"),
                       ((theta, g, np.array([[1.0, 2.0], [2.0, 4.0]])), "a singular hessian")):
        ctx.expect_error("newton_step", args, "ValueError", f"newton_step with {what}")
    ctx.expect_error("rosenbrock_hessian", (np.zeros(3),), "ValueError", "rosenbrock_hessian of a theta (3,)")


# --- 3.6 EMA of the weights ---------------------------------------------------------------------------------------

EMA = Exercise("3.6", "Exponential moving average of the weights", ("ema_update",), 2)


def _weights(ctx, k, dtype=np.float64):
    r = ctx.rng(360, k)
    return {"0.W": r.standard_normal((4, 3)).astype(dtype), "0.b": r.standard_normal(3).astype(dtype),
            "2.W": r.standard_normal((3, 2)).astype(dtype)}


def _ema_dict(label, value, like):
    if type(value) is not dict:
        raise CheckFailed(f"{label}: expected a dict name -> array, got {kind(value)}")
    if set(value) != set(like):
        raise CheckFailed(f"{label}: expected the names {sorted(like)}, got {sorted(value)}")
    return {k: array(f"{label}[{k!r}]", value[k], like[k].shape, like[k].dtype) for k in like}


@EMA.check("the average matches the reference (default decay, 0.9, 0, 1; float32); None starts a copy", gate=True)
def _(ctx):
    for k, (decay, dtype) in enumerate(((None, np.float64), (0.9, np.float64), (0.0, np.float64),
                                        (1.0, np.float64), (0.99, np.float32))):
        ema, w = _weights(ctx, 2 * k, dtype), _weights(ctx, 2 * k + 1, dtype)
        args = (ema, w) if decay is None else (ema, w, decay)
        label = f"ema_update(decay={decay if decay is not None else 'default'}, {np.dtype(dtype)})"
        out = _ema_dict(label, ctx.call("ema_update", *args, label=label), w)
        for name in w:
            ctx.match(f"{name}/{k}", f"{label}[{name!r}]", out[name])
    w = _weights(ctx, 20)
    out = _ema_dict("ema_update(None, weights)", ctx.call("ema_update", None, w, 0.9), w)
    ctx.require(all(np.array_equal(out[n], w[n]) for n in w), "ema_update(None, weights) must return a copy of "
                                                              "the weights")


@EMA.check("K updates with constant weights w from ema e give w + βᴷ(e − w) (no solution needed)")
def _(ctx):
    ema, w = _weights(ctx, 30), _weights(ctx, 31)
    beta, K = 0.8, 5
    for _ in range(K):
        ema = _ema_dict("ema_update", ctx.call("ema_update", ema, w, beta), w)
    start = _weights(ctx, 30)
    for name in w:
        want = w[name] + beta ** K * (start[name] - w[name])
        ctx.require(np.allclose(ema[name], want, rtol=1e-10, atol=1e-12),
                    f"after {K} updates with decay {beta} the average of {name!r} is off by "
                    f"{np.max(np.abs(ema[name] - want)):.3g}: is it β·ema + (1 − β)·w?")


@EMA.check("decay outside [0, 1] and names or shapes that differ raise a ValueError")
def _(ctx):
    ema, w = _weights(ctx, 40), _weights(ctx, 41)
    fewer = {k: v for k, v in w.items() if k != "0.b"}
    reshaped = dict(w, **{"0.b": np.zeros(4)})
    for args, what in (((ema, w, 1.5), "decay = 1.5"), ((ema, w, -0.1), "decay = -0.1"),
                       ((ema, fewer), "a weight missing"), ((ema, reshaped), "a weight of another shape")):
        ctx.expect_error("ema_update", args, "ValueError", f"ema_update with {what}")


CHAPTER = Chapter("optimization", "Optimization", [MOMENTUM, ADAMAX, LION, ARMIJO, NEWTON, EMA])
