"""The checks of the chapter "Optimization" (exercises/optimization.py).

Each check stands alone; inputs come from ``ctx.rng``. The update rules are compared with values
recorded from the solutions (one step from a random state, float64 and float32) and with what
needs no solution: the Technion form of momentum against nnbook's own ``SGD`` (itself checked
against ``torch.optim.SGD``) over a whole trajectory, Lion's steps of size exactly η, Armijo's
condition and the largest rate that meets it, Newton's single step to a quadratic's minimum, and
the EMA's algebra. The contract's edges are checked too: defaults and boundary settings that are
allowed (ε = 0, β = 0, decay 0 and 1), shapes that do not fit (a (1,) gradient is not broadcast),
float32 θ with float64 state, sign(0) = 0, Armijo's condition met with equality, results that are
new arrays (written into by the grader's task, the inputs must not change).
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import Chapter, CheckFailed, Exercise, array, kind, number, pair
from nnbook.grading.prediction import prediction
from nnbook.layers import Parameter
from nnbook.optim import SGD, Adam

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


def _scribble(ctx, name, args, kwargs, label):
    """Call ``name(*args, **kwargs)`` and write into every array it returns: an argument that
    changes was returned itself (or a view of it)."""
    ctx.run("optimization:scribble", name, args, kwargs, None,
            label=f"{label}, then writing into what it returned (is a result an input array itself? "
                  "return new arrays)")


def _shape_errors(ctx, name, cases):
    """Each (args, kwargs, what) must raise a ValueError (shapes that do not fit)."""
    for args, kwargs, what in cases:
        ctx.expect_error(name, args, "ValueError", f"{name} with {what}", task_args=(name, args, kwargs))


def _update(ctx, name, args, kwargs, n, label, shape, dtype):
    out = pair(ctx.call(name, *args, label=label, **kwargs), label, n, f"a tuple of {n} arrays")
    return [array(f"item {i} of what {label} returned", v, shape, dtype) for i, v in enumerate(out)]


# --- 3.1 momentum, the Technion form -----------------------------------------------------------------

MOMENTUM = Exercise("3.1", "Momentum, the Technion form", ("technion_momentum",), 2,
    section="optimization/02_momentum_adam", kind="implement", difficulty=1, minutes=15,
    task=("Write one step of momentum in the Technion (Sutskever) form as a pure function, and "
          "see why it follows the same trajectory as torch's SGD."),
    hints=("Here v is the step itself, already scaled by η and signed; torch's buffer is a "
           "running sum of gradients. Write out two steps of each form to see how they relate.",
           "Validate lr, momentum and the shapes before computing anything; each ValueError "
           "names the value that is wrong.",
           "Compute the new v from the old v and the gradient, then θ from the new v; return "
           "new arrays in θ's dtype and change no input in place."))


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


@MOMENTUM.check("float32 theta with float64 grad and v stays float32; a zero step returns new arrays; "
                "grad or v of another shape (a (1,) gradient) raises a ValueError")
def _(ctx):
    theta, grad, v = _state(ctx, (316,), (4,), np.float64, 3)
    t32 = theta.astype(np.float32)
    label = "technion_momentum(float32 theta, float64 grad and v, lr=0.1)"
    new_theta, new_v = _update(ctx, "technion_momentum", (t32, grad, v, 0.1), {}, 2, label, t32.shape, np.float32)
    ctx.match("mixed/theta", f"theta from {label}", new_theta)
    ctx.match("mixed/v", f"v from {label}", new_v)
    zeros = np.zeros_like(theta)
    _scribble(ctx, "technion_momentum", (theta, zeros, zeros, 0.1), {},
              "technion_momentum with a zero gradient and v = 0")
    _shape_errors(ctx, "technion_momentum", (((theta, grad[:1], v, 0.1), {}, "a grad of shape (1,)"),
                                             ((theta, grad, v[:, None], 0.1), {}, "v of shape (4, 1)"),
                                             ((theta, grad[:, None], v, 0.1), {}, "a grad of shape (4, 1)")))


# --- 3.2 Adamax ---------------------------------------------------------------------------------------

ADAMAX = Exercise("3.2", "Adamax", ("adamax",), 2,
    section="optimization/02_momentum_adam", kind="implement", difficulty=2, minutes=25,
    task=("Write one step of Adamax, Adam with the infinity norm, as a pure function of the "
          "parameters, the gradient and the state."),
    hints=("Compare with Adam in section 2: the first moment m is the same; the second moment "
           "is replaced by u, a decaying elementwise maximum.",
           "Only m is bias-corrected, through the step size; t counts steps from 1.",
           "Compute m and u from the old state and the gradient first, then the step from the "
           "new ones; cast every result to θ's dtype."))


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


@ADAMAX.check("eps = 0 and betas = (0, 0) are allowed; the default eps keeps a zero gradient with u = 0 finite; "
              "float32 theta with float64 state stays float32; shapes that differ raise a ValueError")
def _(ctx):
    theta, grad, m, u = _state(ctx, (326,), (5,), np.float64, 4)
    u = np.abs(u) + 0.1
    cases = [("eps0", (theta, grad, m, u, 2), {"eps": 0.0}, np.float64, "eps = 0"),
             ("betas0", (theta, grad, m, u, 3), {"betas": (0.0, 0.0)}, np.float64, "betas = (0, 0)")]
    g0, m0, u0 = grad.copy(), m.copy(), u.copy()
    g0[:2], u0[:2], m0[0] = 0.0, 0.0, 0.0                # u' = eps: with eps = 0, m/u would be 0/0
    cases.append(("zero_grad", (theta, g0, m0, u0, 1), {}, np.float64, "a zero gradient where u = 0 (default eps)"))
    cases.append(("mixed", (theta.astype(np.float32), grad, m, u, 4), {}, np.float32,
                  "float32 theta, float64 grad, m and u"))
    for key, args, kwargs, dtype, what in cases:
        label = f"adamax with {what}"
        out = _update(ctx, "adamax", args, kwargs, 3, label, theta.shape, dtype)
        for name, value in zip(("theta", "m", "u"), out):
            ctx.match(f"{key}/{name}", f"{name} from {label}", value)
    _shape_errors(ctx, "adamax", (((theta, grad[:1], m, u, 1), {}, "a grad of shape (1,)"),
                                  ((theta, grad, m, u[:, None], 1), {}, "u of shape (5, 1)"),
                                  ((theta, grad, m[:3], u, 1), {}, "m of shape (3,)")))


# --- 3.3 Lion ------------------------------------------------------------------------------------------

LION = Exercise("3.3", "Lion", ("lion",), 2,
    section="optimization/02_momentum_adam", kind="implement", difficulty=1, minutes=20,
    task=("Write one step of Lion as a pure function, as its paper states the update."),
    hints=("Two different betas: β1 mixes momentum and gradient for this step's direction, β2 "
           "updates the stored momentum.",
           "`np.sign` gives 0 for 0, as the update asks. The weight decay is decoupled: λθ "
           "joins the sign inside the step, both multiplied by η.",
           "The new momentum comes from the old m and the gradient, not from the interpolation "
           "c. Return (θ_new, m_new) in θ's dtype."))


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


@LION.check("sign(0) = 0 (a coordinate with c = 0 does not move); betas = (0, 0) allowed; float32 theta with "
            "float64 grad and m stays float32; shapes that differ raise a ValueError")
def _(ctx):
    theta, grad, m = _state(ctx, (336,), (3, 4), np.float64, 3)
    g0, m0 = grad.copy(), m.copy()
    g0[0], m0[0] = 0.0, 0.0                                # c = 0 along the first row
    cases = [("zero", (theta, g0, m0), {"lr": 0.01}, np.float64, "a zero gradient and m = 0 in row 0"),
             ("zero_decay", (theta, g0, m0), {"lr": 0.01, "weight_decay": 0.5}, np.float64,
              "c = 0 in row 0 and weight decay 0.5"),
             ("betas0", (theta, grad, m), {"lr": 0.01, "betas": (0.0, 0.0)}, np.float64, "betas = (0, 0)"),
             ("mixed", (theta.astype(np.float32), grad, m), {"lr": 0.01}, np.float32,
              "float32 theta, float64 grad and m")]
    for key, args, kwargs, dtype, what in cases:
        label = f"lion with {what}"
        new_theta, new_m = _update(ctx, "lion", args, kwargs, 2, label, theta.shape, dtype)
        ctx.match(f"{key}/theta", f"theta from {label}", new_theta)
        ctx.match(f"{key}/m", f"m from {label}", new_m)
    new_theta, _ = _update(ctx, "lion", (theta, g0, m0), {"lr": 0.01}, 2, "lion", theta.shape, np.float64)
    ctx.require(np.array_equal(new_theta[0], theta[0]),
                "where c = β1·m + (1 − β1)·g is 0, sign(c) = 0 and the coordinate must not move "
                "(np.sign(0) is 0; a test c >= 0 makes it +1)")
    zeros = np.zeros_like(theta)
    _scribble(ctx, "lion", (theta, zeros, zeros), {"lr": 0.01}, "lion with a zero gradient and m = 0")
    _shape_errors(ctx, "lion", (((theta, grad[:1, :1].ravel(), m), {}, "a grad of shape (1,)"),
                                ((theta, grad, m[:, :1]), {}, "m of shape (3, 1)"),
                                ((theta, grad[0], m), {}, "a grad of shape (4,)")))


# --- 3.4 backtracking line search ---------------------------------------------------------------------------

ARMIJO = Exercise("3.4", "Backtracking (Armijo) line search", ("armijo_step",), 2,
    section="optimization/01_gradient_descent", kind="implement", difficulty=2, minutes=30,
    task=("Write one gradient-descent step whose learning rate is found by backtracking until "
          "the Armijo condition holds."),
    hints=("Compute f(θ) and g = ∇f(θ) once; each trial evaluates f only at θ − η g.",
           "Loop at most max_trials times: accept the first η that satisfies the condition, "
           "otherwise multiply η by shrink and try again.",
           "Three special cases: validate the settings first; a zero gradient returns θ "
           "unchanged with η = lr0; if no trial is accepted, return the last one tried."))
ARMIJO_CASES = [("rosenbrock", (-1.5, 2.5), {}), ("rosenbrock", (0.5, -0.5), {"c": 0.3, "shrink": 0.7}),
                ("quadratic", (-4.5, 1.5), {"lr0": 2.0}), ("saddle", (-2.2, 0.4), {"lr0": 0.5, "shrink": 0.3})]


def _armijo(ctx, surface, theta, kwargs, label, dtype=np.float64):
    out = ctx.run("optimization:armijo", "armijo_step", surface, np.array(theta, dtype=dtype), kwargs,
                  label=label)
    result, evaluated = pair(out, label)
    new, lr = pair(result, label, what="(theta_new, lr)")
    return (array(f"theta_new from {label}", new, (2,), dtype), number(f"lr from {label}", lr),
            array(f"the points where {label} evaluated f", evaluated))


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


@ARMIJO.check("a step that meets the condition with equality is taken (≤, not <); with max_trials = 1, 3 and no "
              "rate meeting it the last rate tried is used; a zero gradient returns a copy of θ and lr0")
def _(ctx):
    from nnbook.surfaces import SURFACES
    # ½(x² + 20y²) from (2, 0) with c = ½: f(θ − 1·g) = f(0) = 0 = f(θ) − c·1·‖g‖², exactly
    new, lr, _ = _armijo(ctx, "quadratic", (2.0, 0.0), {"c": 0.5}, "armijo_step on ½(x² + 20y²) from (2, 0), c = 0.5")
    ctx.require(lr == 1.0 and np.array_equal(new, [0.0, 0.0]),
                f"from (2, 0) with c = 0.5 the rate 1 gives f(θ − g) = 0 = f(θ) − c·1·‖g‖²: the condition holds "
                f"with equality (≤), so lr must be 1 and theta_new (0, 0); got lr = {lr:.6g}")
    s, theta = SURFACES["rosenbrock"], np.array([-1.5, 2.5])
    g = np.array(s.grad(*theta))
    for trials, lr0, shrink in ((1, 1.0, 0.5), (3, 1.0, 0.5), (2, 0.8, 0.3)):
        kwargs = {"max_trials": trials, "lr0": lr0, "shrink": shrink}
        label = f"armijo_step on Rosenbrock from (-1.5, 2.5) with {kwargs}"
        new, lr, _ = _armijo(ctx, "rosenbrock", theta, kwargs, label)
        want = lr0 * shrink ** (trials - 1)
        ctx.require(np.isclose(lr, want, rtol=1e-12) and np.allclose(new, theta - want * g, rtol=1e-12),
                    f"{label}: none of the {trials} rates tried meets Armijo's condition, so the last one tried, "
                    f"lr0 · shrink^{trials - 1} = {want:.6g}, is used; got lr = {lr:.6g}")
        ctx.match(f"trials/{trials}", f"theta_new of {label}", new)
    for lr0 in (1.0, 0.7):
        label = f"armijo_step at Rosenbrock's minimum (1, 1) (a zero gradient), lr0 = {lr0}"
        new, lr, _ = _armijo(ctx, "rosenbrock", (1.0, 1.0), {"lr0": lr0}, label)
        ctx.require(lr == lr0 and np.array_equal(new, [1.0, 1.0]),
                    f"{label}: θ must come back unchanged with lr = lr0 = {lr0}; got {new.tolist()} and {lr:.6g}")
    ctx.run("optimization:armijo", "armijo_step", "rosenbrock", np.array([1.0, 1.0]), {}, True,
            label="armijo_step at (1, 1) (a zero gradient), then writing into the theta it returned "
                  "(is it theta itself? return a copy)")


@ARMIJO.check("float32 θ gives a float32 θ; a random start on Rosenbrock matches the reference")
def _(ctx):
    start = ctx.rng(340).uniform((-1.8, -0.8), (1.8, 2.8))
    for k, dtype in enumerate((np.float64, np.float32)):
        label = f"armijo_step on Rosenbrock from {np.round(start, 4).tolist()} ({np.dtype(dtype)})"
        new, lr, _ = _armijo(ctx, "rosenbrock", start, {"shrink": 0.6}, label, dtype)
        ctx.match(f"random/theta/{k}", f"theta_new of {label}", new)
        ctx.match(f"random/lr/{k}", f"lr of {label}", lr)


# --- 3.5 Newton's method -------------------------------------------------------------------------------------

NEWTON = Exercise("3.5", "Newton's method", ("rosenbrock_hessian", "newton_step"), 2,
    section="optimization/01_gradient_descent", kind="derive", difficulty=2, minutes=35,
    task=("Derive the Hessian of Rosenbrock's function and write it as a function; then write a "
          "damped Newton step that solves a linear system."),
    hints=("Write the gradient first, ∂f/∂x and ∂f/∂y; the Hessian's entries are their "
           "derivatives with respect to x and y, as in the section's worked example.",
           "The Hessian is symmetric. Check your entries numerically: centered differences of "
           "`nnbook.surfaces.rosenbrock().grad` give its columns.",
           "For the step solve (H + λI) δ = g with `np.linalg.solve` (catch "
           "`np.linalg.LinAlgError` for a singular system) and return θ − δ in θ's dtype."))


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


@NEWTON.check("rosenbrock_hessian uses a and b (not only the defaults); float32 theta with float64 grad and "
              "hessian stays float32; a 2-D theta raises a ValueError")
def _(ctx):
    from nnbook.surfaces import rosenbrock
    theta = ctx.rng(352).uniform(-2, 2, 2)
    for k, (a, b) in enumerate(((2.0, 10.0), (0.5, 3.0))):
        label = f"rosenbrock_hessian({np.round(theta, 4).tolist()}, a={a}, b={b})"
        H = array(label, ctx.call("rosenbrock_hessian", theta, a, b, label=label), (2, 2), np.float64)
        ctx.match(f"H/ab/{k}", label, H)
        grad, h = rosenbrock(a, b).grad, 1e-6
        num = np.array([(np.array(grad(*(theta + h * e))) - np.array(grad(*(theta - h * e)))) / (2 * h)
                        for e in np.eye(2)]).T
        ctx.require(np.allclose(H, num, rtol=1e-5, atol=1e-4),
                    f"{label} is {np.round(H, 4).tolist()}, the derivative of the gradient is {np.round(num, 4).tolist()}")
    A, theta = _quadratic(ctx, 30)
    label = "newton_step(float32 theta, float64 grad and hessian, damping=0.5)"
    out = array(label, ctx.call("newton_step", theta.astype(np.float32), A @ theta + 1.0, A, 0.5, label=label),
                theta.shape, np.float32)
    ctx.match("mixed", label, out)
    t2 = np.array([[1.0], [2.0]])
    ctx.expect_error("newton_step", (t2, t2 * 0.5, np.eye(2)), "ValueError", "newton_step with theta of shape (2, 1)")
    ctx.expect_error("rosenbrock_hessian", (t2,), "ValueError", "rosenbrock_hessian of a theta (2, 1)")


# --- 3.6 EMA of the weights ---------------------------------------------------------------------------------------

EMA = Exercise("3.6", "Exponential moving average of the weights", ("ema_update",), 2,
    section="optimization/04_schedules", kind="implement", difficulty=1, minutes=20,
    task=("Write an exponential moving average of a model's weights (Polyak averaging) as a "
          "pure function of dicts of arrays."),
    hints=("The first call (ema=None) has nothing to average yet: the average starts as a copy "
           "of the weights.",
           "Check that both dicts have the same names, and each pair the same shape, before "
           "computing.",
           "Build a new dict of new arrays, each cast to its weight's dtype; change neither "
           "input dict."))


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


@EMA.check("no result shares an array with the weights or the average (None, decay 0 and 1); float32 weights "
           "with a float64 average give float32; a renamed parameter raises a ValueError")
def _(ctx):
    ema, w = _weights(ctx, 42), _weights(ctx, 43)
    _scribble(ctx, "ema_update", (None, w), {}, "ema_update(None, weights)")
    for decay in (0.0, 1.0, 0.5):
        _scribble(ctx, "ema_update", (ema, w, decay), {}, f"ema_update(ema, weights, decay={decay})")
    w32 = _weights(ctx, 44, np.float32)
    for key, (e, ww) in (("mixed32", (ema, w32)), ("mixed64", (_weights(ctx, 45, np.float32), w))):
        label = f"ema_update(ema in {next(iter(e.values())).dtype}, weights in {next(iter(ww.values())).dtype}, 0.9)"
        out = _ema_dict(label, ctx.call("ema_update", e, ww, 0.9, label=label), ww)
        for name in ww:
            ctx.match(f"{key}/{name}", f"{label}[{name!r}]", out[name])
    renamed = {("1.W" if k == "2.W" else k): v for k, v in w.items()}
    ctx.expect_error("ema_update", (ema, renamed), "ValueError", "ema_update with a renamed parameter "
                     "(the same number of names)")


# --- 3.7 the largest stable learning rate ---------------------------------------------------------------

RATES = Exercise(
    "3.7", "Predict: the largest stable learning rate", ("predict_learning_rates",), 1,
    section="optimization/01_gradient_descent", kind="predict", difficulty=2, minutes=20,
    task="Before running it: predict the largest stable learning rate and the best constant rate of "
         "gradient descent on the tilted bowl ½ θᵀAθ with A = [[5, 2], [2, 2]].",
    hints=("On the chapter's bowl the two coordinates move independently, each multiplied by "
           "1 − η·(its curvature) per step. A tilted bowl does the same along other axes: which ones?",
           "The curvatures are the eigenvalues of A, not its diagonal entries: for a symmetric 2 × 2 "
           "matrix they are the roots of λ² − (trace)λ + det = 0.",
           "Stable means |1 − ηλ| < 1 for every eigenvalue λ; the best rate makes |1 − ηλ_min| and "
           "|1 − ηλ_max| equal. Confirm both with a few hundred steps of θ ← θ − ηAθ."))


def _rates(ctx):
    return pair(ctx.call("predict_learning_rates"), "predict_learning_rates", 2, "(largest_stable, best)")


@RATES.check("the largest stable learning rate is right within 2 %", gate=True)
def _(ctx):
    prediction(ctx, "largest", "the largest stable learning rate", _rates(ctx)[0], rtol=0.02,
               hint=RATES.hint_ref(2))


@RATES.check("the best constant learning rate is right within 2 %", gate=True)
def _(ctx):
    prediction(ctx, "best", "the best constant learning rate", _rates(ctx)[1], rtol=0.02,
               hint=RATES.hint_ref(3))


# --- 3.8 Adam, debugged -------------------------------------------------------------------------------

ADAM = Exercise(
    "3.8", "Adam, debugged", ("adam",), 2, section="optimization/02_momentum_adam", kind="debug",
    difficulty=1, minutes=15,
    task="The given adam runs and validates its settings, but its steps differ from torch.optim.Adam's. "
         "Find the bug and fix it.",
    hints=("Run it and nnbook.optim.Adam side by side for a few steps on the same gradients: from which "
           "step on do they differ, and in which direction is the given code's step too small?",
           "Each running average is biased towards its zero start by its own factor: the section on "
           "Adam's bias correction says which β goes with which average.",
           "Compare every line after the two averages with the update rule in the docstring, symbol "
           "by symbol: m̂ divides by 1 − β1ᵗ, v̂ by 1 − β2ᵗ."))


@ADAM.check("one step from a random state matches the reference (t = 1, 5, 100; default and other betas "
            "and eps; float32)", gate=True)
def _(ctx):
    for k, (t, kwargs, dtype) in enumerate(((1, {}, np.float64), (5, {"lr": 0.01}, np.float64),
                                            (100, {"betas": (0.5, 0.9)}, np.float64),
                                            (3, {"lr": 0.05, "eps": 1e-3}, np.float64),
                                            (2, {"lr": 0.01}, np.float32))):
        theta, grad, m, v = _state(ctx, (360, k), (5,), dtype, 4)
        v = np.abs(v)
        label = f"adam(t={t}, {kwargs or 'defaults'}, {np.dtype(dtype)})"
        out = _update(ctx, "adam", (theta, grad, m, v, t), kwargs, 3, label, theta.shape, dtype)
        for name, value in zip(("theta", "m", "v"), out):
            ctx.match(f"{name}/{k}", f"{name} from {label}", value)


@ADAM.check("50 steps on a quadratic equal nnbook.optim.Adam (itself checked against torch.optim.Adam; no "
            "solution needed); invalid settings still raise a ValueError", gate=True)
def _(ctx):
    for k, kwargs in enumerate(({"lr": 0.05}, {"lr": 0.1, "betas": (0.8, 0.99)})):
        A, theta0 = _quadratic(ctx, 10 + k, P=4)
        label = f"adam({kwargs}) for 50 steps"
        path = _path(ctx, "adam", A, theta0, kwargs, 50, label)
        p = Parameter(theta0.copy())
        opt = Adam({"theta": p}, **kwargs)
        ref = [p.value.copy()]
        for _ in range(50):
            p.grad[...] = A @ p.value
            opt.step()
            ref.append(p.value.copy())
        err = np.max(np.abs(path - np.array(ref)))
        ctx.require(err < 1e-9, f"with {kwargs} the trajectory must equal torch's Adam; it differs by up to "
                                f"{err:.3g} ({ADAM.hint_ref(2)})")
    theta, grad, m, v = _state(ctx, (365,), (3,), np.float64, 4)
    base = (theta, grad, m, np.abs(v), 1)
    for args, kwargs, what in ((base, {"lr": 0.0}, "lr = 0"), (base, {"betas": (0.9, 1.0)}, "beta2 = 1"),
                               (base, {"eps": -1.0}, "eps < 0"), ((theta, grad, m, np.abs(v), 0), {}, "t = 0")):
        ctx.expect_error("adam", args, "ValueError", f"adam with {what}", task_args=("adam", args, kwargs))


CHAPTER = Chapter("optimization", "Optimization", [MOMENTUM, ADAMAX, LION, ARMIJO, NEWTON, EMA, RATES, ADAM])
