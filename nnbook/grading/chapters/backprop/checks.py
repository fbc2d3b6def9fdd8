"""The checks of the chapter "Backpropagation" (exercises/backprop.py).

Expected values come from the reference solutions, recorded into
tests/grading/fixtures/backprop.json; the other checks need no solution: numerical gradients,
dtypes, shapes, stability and inputs left untouched.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import (Chapter, CheckFailed, Context, Exercise, agree_numerically,
                                   check_param_gradients, loss_and_grads, match_loss_and_grads,
                                   numerical_from, pair, perturbed, rng)
from nnbook.grading.worker import Strided

SHAPES = [(1, 5), (8, 6), (3, 4, 5)]        # batch size 1, a batch, an extra axis


# --- Exercises 1.1 - 1.3: activations, a forward/backward pair each --------------------------

def activation_exercise(id: str, title: str, name: str, kwargs: dict, points: float) -> Exercise:
    fwd, bwd = f"{name}_forward", f"{name}_backward"
    ex = Exercise(id, title, (fwd, bwd), points)

    def forward_backward(ctx: Context, x, dout, label: str):
        out, dx = ctx.run("forward_backward", fwd, bwd, (x,), kwargs, dout, label=label)
        return out, dx

    @ex.check(f"{fwd} matches the reference (float64; shapes {', '.join(map(str, SHAPES))})")
    def _(ctx):
        for k, shape in enumerate(SHAPES):
            x = 2 * rng(k).standard_normal(shape)
            out = ctx.run("forward_many", fwd, [(x,)], kwargs, label=f"{fwd}(x)")[0]
            ctx.match(f"forward/{k}", f"{fwd}(x) for x of shape {shape}", out)

    @ex.check(f"{bwd} matches the reference (float64)")
    def _(ctx):
        for k, shape in enumerate(SHAPES):
            x, dout = 2 * rng(k).standard_normal(shape), rng(k, 1).standard_normal(shape)
            _, dx = forward_backward(ctx, x, dout, f"{fwd} then {bwd}")
            ctx.match(f"backward/{k}", f"dx from {bwd} for x of shape {shape}", dx)

    @ex.check(f"{bwd} agrees with numerical differentiation (no solution needed)")
    def _(ctx):
        x, dout = 2 * rng(7).standard_normal((4, 3)), rng(8).standard_normal((4, 3))
        x[np.abs(x) < 0.05] = 0.3                      # keep away from kinks at 0
        _, dx = forward_backward(ctx, x, dout, f"{fwd} then {bwd}")
        h = 1e-6
        outs = ctx.run("forward_many", fwd, [(z,) for z in perturbed(x, h)], kwargs,
                       label=f"{fwd} on perturbed inputs", watch=False)
        numeric = numerical_from([float(np.sum(np.asarray(o) * dout)) for o in outs], x.shape, h)
        agree_numerically(f"dx from {bwd}", dx, numeric)

    @ex.check("float32 in, float32 out (forward and backward)")
    def _(ctx):
        x = (2 * rng(3).standard_normal((6, 4))).astype(np.float32)
        dout = rng(4).standard_normal((6, 4)).astype(np.float32)
        out, dx = forward_backward(ctx, x, dout, f"{fwd} then {bwd} in float32")
        ctx.match("float32/out", f"{fwd}(x) for float32 x", out)
        ctx.match("float32/dx", f"dx from {bwd} for float32 x", dx)

    @ex.check("large inputs (|x| up to 1000) give finite, correct values")
    def _(ctx):
        x = np.array([[-1000.0, -60.0, -1.0, 0.0, 1.0, 60.0, 1000.0]])
        out, dx = forward_backward(ctx, x, np.ones_like(x), f"{fwd} then {bwd} on large inputs")
        ctx.match("large/out", f"{fwd}(x) for x = {x.ravel().tolist()}", out)
        ctx.match("large/dx", f"dx from {bwd} for x = {x.ravel().tolist()}", dx)

    @ex.check("works on a non-contiguous input (a strided view)")
    def _(ctx):
        x, dout = 2 * rng(1).standard_normal(SHAPES[1]), rng(1, 1).standard_normal(SHAPES[1])
        out, dx = forward_backward(ctx, Strided(x), Strided(dout), f"{fwd} then {bwd} on a view")
        ctx.match("forward/1", f"{fwd}(x) for a non-contiguous x", out)
        ctx.match("backward/1", f"dx from {bwd} for a non-contiguous x", dx)

    return ex


ELU = activation_exercise("1.1", "ELU", "elu", {"alpha": 0.7}, 2)
SOFTPLUS = activation_exercise("1.2", "Softplus", "softplus", {}, 2)
GELU = activation_exercise("1.3", "GELU", "gelu", {}, 2)


# --- Exercise 1.4: Huber loss ---------------------------------------------------------------------

HUBER = Exercise("1.4", "Huber loss", ("huber_loss",), 2)
HUBER_CASES = [((1, 1), 1.0), ((10, 3), 1.0), ((7,), 0.5), ((4, 5), 2.0)]


def _huber_inputs(k: int, shape, dtype=np.float64):
    return ((3 * rng(10, k).standard_normal(shape)).astype(dtype),
            rng(11, k).standard_normal(shape).astype(dtype))


@HUBER.check("loss and gradient match the reference (several shapes and deltas)")
def _(ctx):
    for k, (shape, delta) in enumerate(HUBER_CASES):
        pred, target = _huber_inputs(k, shape)
        loss, dpred = pair(ctx.run("call", "huber_loss", (pred, target, delta), {}, label="huber_loss"),
                           "huber_loss")
        ctx.match(f"loss/{k}", f"loss for pred of shape {shape}, delta={delta}", loss)
        ctx.match(f"dpred/{k}", f"dpred for pred of shape {shape}, delta={delta}", dpred)


@HUBER.check("dpred agrees with numerical differentiation (no solution needed)")
def _(ctx):
    pred, target = _huber_inputs(20, (5, 3))
    r = pred - target
    pred[np.abs(np.abs(r) - 1.0) < 0.01] += 0.05              # keep away from |r| = delta
    _, dpred = pair(ctx.run("call", "huber_loss", (pred, target, 1.0), {}, label="huber_loss"), "huber_loss")
    h = 1e-6
    results = ctx.run("call_many", "huber_loss", [(z, target, 1.0) for z in perturbed(pred, h)], {},
                      label="huber_loss on perturbed inputs", watch=False)
    numeric = numerical_from([float(pair(v, "huber_loss")[0]) for v in results], pred.shape, h)
    agree_numerically("dpred", dpred, numeric)


@HUBER.check("float32 in, float32 gradient out; inputs left untouched; non-contiguous inputs")
def _(ctx):
    pred, target = _huber_inputs(1, (10, 3), np.float32)
    loss, dpred = pair(ctx.run("call", "huber_loss", (pred, target, 1.0), {}, label="huber_loss (float32)"),
                       "huber_loss")
    ctx.match("float32/dpred", "dpred for float32 inputs", dpred)
    pred, target = _huber_inputs(1, (10, 3))
    loss, dpred = pair(ctx.run("call", "huber_loss", (Strided(pred), Strided(target), 1.0), {},
                               label="huber_loss on views"), "huber_loss")
    ctx.match("dpred/1", "dpred for non-contiguous inputs", dpred)


# --- Exercise 1.5: the two-layer network ------------------------------------------------------------

TWO_LAYER = Exercise("1.5", "Two-layer network", ("two_layer_loss",), 4)


def _two_layer_inputs(k: int, N: int = 5, D: int = 4, H: int = 6, C: int = 3, dtype=np.float64):
    r = rng(30, k)
    params = {"W1": 0.5 * r.standard_normal((D, H)), "b1": 0.1 * r.standard_normal(H),
              "W2": 0.5 * r.standard_normal((H, C)), "b2": 0.1 * r.standard_normal(C)}
    params = {name: p.astype(dtype) for name, p in params.items()}
    X = r.standard_normal((N, D)).astype(dtype)
    y = r.integers(0, C, N)
    return params, X, y


def _loss_and_grads(ctx, params, X, y, reg, label):
    return loss_and_grads(ctx, "two_layer_loss", params, X, y, reg, label)


@TWO_LAYER.check("scores (y is None) match the reference")
def _(ctx):
    params, X, _ = _two_layer_inputs(0)
    scores = ctx.run("call", "two_layer_loss", (params, X, None, 0.0), {}, label="two_layer_loss(params, X)")
    ctx.match("scores", "scores for y=None", scores)


@TWO_LAYER.check("loss and every gradient match the reference (reg = 0 and reg = 0.1; N = 1 and N = 5)")
def _(ctx):
    for k, (N, reg) in enumerate([(5, 0.0), (5, 0.1), (1, 0.05)]):
        params, X, y = _two_layer_inputs(k, N=N)
        loss, grads = _loss_and_grads(ctx, params, X, y, reg, f"two_layer_loss (N={N}, reg={reg})")
        match_loss_and_grads(ctx, k, loss, grads, f"for N={N}, reg={reg}")


@TWO_LAYER.check("every gradient agrees with numerical differentiation (no solution needed)")
def _(ctx):
    params, X, y = _two_layer_inputs(5, N=4, D=3, H=4, C=3)
    reg = 0.1
    _, grads = _loss_and_grads(ctx, params, X, y, reg, "two_layer_loss")
    check_param_gradients(ctx, "two_layer_loss", params, X, y, reg, grads)


@TWO_LAYER.check("large scores (weights x 1000) give a finite loss; float32 stays float32")
def _(ctx):
    params, X, y = _two_layer_inputs(3)
    big = {name: 1000 * p for name, p in params.items()}
    loss, grads = _loss_and_grads(ctx, big, X, y, 0.0, "two_layer_loss with large scores")
    ctx.match("large/loss", "loss for scores of size ~1e6", loss, rtol=1e-9)
    ctx.match("large/W2", "grads['W2'] for scores of size ~1e6", grads["W2"])
    params, X, y = _two_layer_inputs(4, dtype=np.float32)
    _, grads = _loss_and_grads(ctx, params, X, y, 0.1, "two_layer_loss in float32")
    for name in sorted(params):
        ctx.match(f"float32/{name}", f"grads[{name!r}] for float32 parameters", grads[name])


# --- Exercise 1.6: a numerical Jacobian --------------------------------------------------------------

JACOBIAN = Exercise("1.6", "Numerical Jacobian", ("numerical_jacobian",), 2)
JACOBIAN_CASES = [("affine_tanh", 3, 1e-5), ("softmax", 4, 1e-5), ("cubic", 5, 1e-5), ("cubic", 5, 1e-2)]


@JACOBIAN.check("Jacobians match the reference (three functions; centered differences, h = 1e-2 too)")
def _(ctx):
    for k, (function, D, h) in enumerate(JACOBIAN_CASES):
        x = rng(40, k).standard_normal(D)
        J, _ = ctx.run("backprop:jacobian", "numerical_jacobian", function, x, h,
                       label=f"numerical_jacobian(f, x, h={h})")
        ctx.match(f"J/{k}", f"the Jacobian of {function} at x of shape ({D},), h={h}", J, rtol=1e-6)


@JACOBIAN.check("agrees with the analytic Jacobian; calls f 2·D times; leaves x as it was")
def _(ctx):
    x = rng(41).standard_normal(3)
    J, calls = ctx.run("backprop:jacobian", "numerical_jacobian", "affine_tanh", x, 1e-5,
                       label="numerical_jacobian(f, x)")
    A = np.array([[1.0, -2.0, 0.5], [0.3, 0.1, -1.0]])
    analytic = (1 - np.tanh(A @ x) ** 2)[:, None] * A
    agree_numerically("the Jacobian of tanh(A x)", J, analytic, tol=1e-6)
    ctx.require(calls <= 2 * x.size + 1, f"numerical_jacobian called f {calls} times for D = {x.size}; "
                "centered differences need 2·D calls (one per side per entry)")


@JACOBIAN.check("float32 x gives a float32 Jacobian")
def _(ctx):
    x = rng(42).standard_normal(4).astype(np.float32)
    J, _ = ctx.run("backprop:jacobian", "numerical_jacobian", "softmax", x, 1e-2, label="numerical_jacobian (float32)")
    ctx.match("float32", "the Jacobian for a float32 x", J)


# --- Exercise 1.7: embedding ----------------------------------------------------------------------

EMBEDDING = Exercise("1.7", "Embedding", ("embedding_forward", "embedding_backward"), 2)


def _embedding_inputs(k: int, N=3, T=4, V=6, D=5, dtype=np.float64):
    r = rng(50, k)
    return r.integers(0, V, (N, T)), r.standard_normal((V, D)).astype(dtype), \
        r.standard_normal((N, T, D)).astype(dtype)


@EMBEDDING.check("forward and backward match the reference (repeated indices; N = 1; float32)")
def _(ctx):
    cases = [dict(), dict(N=1, T=1), dict(V=2, T=8), dict(dtype=np.float32)]
    for k, kw in enumerate(cases):
        idx, W, dout = _embedding_inputs(k, **kw)
        out, dW = ctx.run("forward_backward", "embedding_forward", "embedding_backward", (idx, W), {},
                          dout, label="embedding_forward then embedding_backward")
        ctx.match(f"out/{k}", f"out for idx of shape {idx.shape}", out)
        ctx.match(f"dW/{k}", f"dW for idx {idx.tolist()}", dW)


@EMBEDDING.check("an index used several times collects every gradient (scatter-add)")
def _(ctx):
    idx = np.array([[2, 2, 2, 0]])
    W = np.arange(12.0).reshape(4, 3)
    dout = np.ones((1, 4, 3))
    _, dW = ctx.run("forward_backward", "embedding_forward", "embedding_backward", (idx, W), {}, dout,
                    label="embedding_backward")
    expected = np.zeros((4, 3))
    expected[2], expected[0] = 3, 1
    agree_numerically("dW for idx [[2, 2, 2, 0]] and dout of ones", dW, expected, tol=1e-12)


@EMBEDDING.check("an index out of range raises a ValueError")
def _(ctx):
    _, W, _ = _embedding_inputs(0)
    for bad in (6, -1):
        ctx.expect_error("embedding_forward", (np.array([[0, bad]]), W), "ValueError",
                         f"embedding_forward with index {bad} for a table of 6 rows")


CHAPTER = Chapter("backprop", "Backpropagation", [ELU, SOFTPLUS, GELU, HUBER, TWO_LAYER, JACOBIAN, EMBEDDING])
