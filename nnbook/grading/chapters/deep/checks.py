"""The checks of the chapter "Deep networks" (exercises/deep.py).

Each check stands alone; inputs come from ``ctx.rng``. Values are compared with those recorded
from the solutions; what needs no solution is checked in the grader's own process: numerical
gradients of forward passes the grader computes itself (the student's code only supplies the
backward pass), clipped ratios, identities at α = 0, accumulation and validation.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.chapters.backprop.checks import layer_outputs
from nnbook.grading.framework import (Chapter, CheckFailed, Exercise, agree_numerically, array, kind,
                                      number, pair)
from nnbook.layers import Linear, Sequential, Tanh


def _numerical(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Centered differences of the scalar f() in the entries of x (perturbed in place)."""
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = f()
        x[i] = old - h
        minus = f()
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


# --- 5.1 predictions ----------------------------------------------------------------------------------

PREDICT = Exercise(
    "5.1", "Predict the signal's scale", ("signal_predictions",), 2,
    section="deep/01_signals", kind="predict", difficulty=2, minutes=30,
    task="Predict, before measuring, how the mean square of the pre-activations changes through 30 "
         "ReLU layers initialised without the ReLU's gain, the gain of a bent activation, and "
         "the He standard deviation of a convolution in fan-out mode.",
    hints=("Write one layer's effect on the mean square: E[z_{l+1}²] = n_in · Var(W) · E[f(z_l)²], "
           "and compute E[f(z)²] for a symmetric z by splitting it into its positive and negative "
           "halves.",
           "For ReLU, E[relu(z)²] = E[z²]/2; one layer with Var(W) = 1/n therefore halves the mean "
           "square. How many halvings lie between z_1 and z_30?",
           "For a piecewise-linear f with slopes a (x > 0) and b (x ≤ 0), E[f(z)²] = (a² + b²)/2 · "
           "E[z²]; the gain makes g² times that equal E[z²]. For a convolution, fan_out = F·HH·WW."))
PREDICTIONS = ("relu_ratio", "bent_gain", "conv_std")


def _predictions(ctx) -> dict:
    value = ctx.call("signal_predictions", label="signal_predictions()")
    if type(value) is not dict or set(value) != set(PREDICTIONS):
        got = sorted(value) if type(value) is dict else kind(value)
        raise CheckFailed(f"signal_predictions() must return a dict with the keys {list(PREDICTIONS)}, "
                          f"got {got}")
    return value


def _prediction_check(key: str, what: str, hint: int):
    @PREDICT.check(f"{key!r}: {what}, within 2 %", gate=True)
    def _(ctx):
        value = number(f"signal_predictions()[{key!r}]", _predictions(ctx)[key])
        try:
            ctx.match(key, f"signal_predictions()[{key!r}]", value, rtol=0.02, atol=0.0)
        except CheckFailed as e:
            raise CheckFailed(f"{e} ({PREDICT.hint_ref(hint)})") from None


_prediction_check("relu_ratio", "E[z_30²]/E[z_1²] of a 30-layer ReLU stack with Var(W) = 1/n", 2)
_prediction_check("bent_gain", "the gain of f(x) = x (x > 0), -x/2 (x ≤ 0)", 3)
_prediction_check("conv_std", "He's std in fan-out mode for Conv2d(16 → 32, 5 × 5)", 3)


# --- 5.2 RMS normalization backward ----------------------------------------------------------------------

RMS = Exercise(
    "5.2", "RMS normalization: the backward pass", ("rmsnorm_backward",), 3,
    section="deep/04_layer_norm", kind="derive", difficulty=3, minutes=60,
    task="Derive the backward pass of RMS normalization (layer normalization without the mean and "
         "without β) through its computational graph and implement it, vectorised, for inputs "
         "of shape (..., D).",
    hints=("Draw the graph: x → mean of squares → r → x̂ = x / r → out = g ⊙ x̂. Every x_d reaches "
           "the output twice: directly through x̂_d and through r, which every output shares.",
           "Work out ∂r/∂x_d first: r² = mean(x²) + ε gives ∂r/∂x_d = x_d / (D r). The path through "
           "r contributes −Σ_k (∂L/∂x̂_k) x_k / r² times that.",
           "dg sums dout ⊙ x̂ over every axis but the last; dx is (∂L/∂x̂) / r minus a term "
           "proportional to x whose coefficient is one sum over the last axis per sample."))
RMS_CASES = [((1, 5), np.float64), ((6, 4), np.float64), ((2, 3, 5), np.float64), ((4, 1), np.float64),
             ((5, 6), np.float32)]
RMS_EPS = 1e-6


def _rms_forward(x, g, eps=RMS_EPS):
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return g * x / r, r


def _rms_inputs(ctx, k, shape, dtype=np.float64):
    rg = ctx.rng(20, k)
    x = (rg.standard_normal(shape) * 2 + 0.5).astype(dtype)
    g = (rg.standard_normal(shape[-1]) + 1).astype(dtype)
    dout = rg.standard_normal(shape).astype(dtype)
    _, r = _rms_forward(x.astype(np.float64), g.astype(np.float64))
    return x, g, r.astype(dtype), dout


def _rms_backward(ctx, x, g, r, dout, label):
    return pair(ctx.call("rmsnorm_backward", dout, (x, g, r), label=label), label, what="(dx, dg)")


@RMS.check("dx and dg match the reference ((1, 5), (6, 4), (2, 3, 5), D = 1, float32)", gate=True)
def _(ctx):
    for k, (shape, dtype) in enumerate(RMS_CASES):
        x, g, r, dout = _rms_inputs(ctx, k, shape, dtype)
        label = f"rmsnorm_backward for x of shape {shape} ({np.dtype(dtype)})"
        dx, dg = _rms_backward(ctx, x, g, r, dout, label)
        ctx.match(f"dx/{k}", f"dx of {label}", array(f"dx of {label}", dx, shape, dtype))
        ctx.match(f"dg/{k}", f"dg of {label}", array(f"dg of {label}", dg, (shape[-1],), dtype))


@RMS.check("dx and dg agree with numerical differentiation of the forward pass (no solution needed)")
def _(ctx):
    x, g, r, dout = _rms_inputs(ctx, 9, (3, 2, 4))
    dx, dg = _rms_backward(ctx, x, g, r, dout, "rmsnorm_backward for x of shape (3, 2, 4)")
    xs, gs = x.copy(), g.copy()
    agree_numerically("dx", dx, _numerical(lambda: float(np.sum(_rms_forward(xs, gs)[0] * dout)), xs))
    agree_numerically("dg", dg, _numerical(lambda: float(np.sum(_rms_forward(xs, gs)[0] * dout)), gs))


@RMS.check("an input scaled by 1000 gives a gradient scaled by 1/1000 (no solution needed)")
def _(ctx):
    x, g, r, dout = _rms_inputs(ctx, 10, (4, 5))
    dx, _ = _rms_backward(ctx, x, g, r, dout, "rmsnorm_backward")
    big_dx, _ = _rms_backward(ctx, 1000 * x, g, _rms_forward(1000 * x, g)[1], dout,
                              "rmsnorm_backward for 1000 x")
    big_dx = array("dx for 1000 x", big_dx, x.shape)
    ctx.require(np.allclose(1000 * big_dx, array("dx", dx, x.shape), rtol=1e-4, atol=1e-9),
                "RMS normalization ignores the input's scale, so dx for 1000 x must be dx for x "
                f"divided by 1000 ({RMS.hint_ref(2)})")


# --- 5.3 the batch-norm backward pass with a bug ----------------------------------------------------------

BNDEBUG = Exercise(
    "5.3", "Find the bug in a batch-norm backward pass", ("batchnorm_backward",), 2,
    section="deep/03_batch_norm", kind="debug", difficulty=2, minutes=30,
    task="The stub's batchnorm_backward returns gradients that are right for some inputs and wrong "
         "for others: find the inputs that expose it, then fix the one wrong line.",
    hints=("Compare the stub with a finite-difference gradient for several settings of γ and β: "
           "which setting makes the error vanish?",
           "The error disappears when γ = 1. Which line uses dout where the derivation through x̂ "
           "needs ∂L/∂x̂?",
           "All three terms of dx are built from g = dout · γ, the gradient for x̂; one of the two "
           "means is taken of the wrong product."))
BN_CASES = [((8, 5), np.float64), ((2, 3), np.float64), ((16, 4), np.float64), ((6, 3), np.float32)]


def _bn_forward(x, gamma, beta, eps=1e-5):
    mu, var = x.mean(axis=0, keepdims=True), x.var(axis=0, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    xhat = (x - mu) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def _bn_inputs(ctx, k, shape, dtype=np.float64):
    rg = ctx.rng(30, k)
    x = (3 * rg.standard_normal(shape) + 1).astype(dtype)
    gamma = (rg.standard_normal(shape[1]) * 2).astype(dtype)
    gamma[gamma == 1] = 2                                      # γ = 1 would hide a missing γ
    beta = rg.standard_normal(shape[1]).astype(dtype)
    dout = rg.standard_normal(shape).astype(dtype)
    _, (xhat, _, inv_std) = _bn_forward(x.astype(np.float64), gamma, beta)
    return x, gamma, beta, dout, (xhat.astype(dtype), gamma, inv_std.astype(dtype))


def _bn_backward(ctx, dout, cache, label):
    return pair(ctx.call("batchnorm_backward", dout, cache, label=label), label, n=3,
                what="(dx, dgamma, dbeta)")


@BNDEBUG.check("dx, dgamma and dbeta match the reference (N = 8, 2, 16; float32)", gate=True)
def _(ctx):
    for k, (shape, dtype) in enumerate(BN_CASES):
        x, gamma, beta, dout, cache = _bn_inputs(ctx, k, shape, dtype)
        label = f"batchnorm_backward for x of shape {shape} ({np.dtype(dtype)})"
        dx, dgamma, dbeta = _bn_backward(ctx, dout, cache, label)
        for key, value, shp in (("dx", dx, shape), ("dgamma", dgamma, (shape[1],)), ("dbeta", dbeta, (shape[1],))):
            try:
                ctx.match(f"{key}/{k}", f"{key} of {label}", array(f"{key} of {label}", value, shp))
            except CheckFailed as e:
                raise CheckFailed(f"{e} ({BNDEBUG.hint_ref(2)})") from None


@BNDEBUG.check("dx agrees with numerical differentiation of the forward pass (no solution needed)")
def _(ctx):
    x, gamma, beta, dout, cache = _bn_inputs(ctx, 7, (5, 3))
    dx, _, _ = _bn_backward(ctx, dout, cache, "batchnorm_backward")
    xs = x.copy()
    agree_numerically("dx", dx, _numerical(lambda: float(np.sum(_bn_forward(xs, gamma, beta)[0] * dout)), xs))


@BNDEBUG.check("dx sums to zero over the batch for every feature (the batch mean absorbs any shift)")
def _(ctx):
    x, gamma, beta, dout, cache = _bn_inputs(ctx, 8, (10, 4))
    dx = array("dx", _bn_backward(ctx, dout, cache, "batchnorm_backward")[0], x.shape)
    ctx.require(np.allclose(dx.sum(axis=0), 0, atol=1e-10),
                f"adding a constant to one feature of every sample changes nothing after batch norm, so "
                f"dx must sum to 0 over the batch; its sums are {np.round(dx.sum(axis=0), 6).tolist()}")
    scale = np.abs(dx * cache[0]).sum(axis=0)
    ctx.require(np.all(np.abs((dx * cache[0]).sum(axis=0)) <= 1e-4 * scale + 1e-12),
                "scaling a feature changes nothing after batch norm either, so Σ_n dx ⊙ x̂ must be 0 for "
                f"every feature ({BNDEBUG.hint_ref(3)})")


# --- 5.4 group normalization -----------------------------------------------------------------------------

GROUP = Exercise(
    "5.4", "Group normalization", ("GroupNorm",), 3,
    section="deep/04_layer_norm", kind="implement", difficulty=3, minutes=60,
    task="Implement group normalization as a layer for images (N, C, H, W): forward and backward, "
         "with the channels of each sample split into G groups, each normalized on its own.",
    hints=("A reshape to (N, G, C/G·H·W) turns every group into one row; then it is layer "
           "normalization of each row, and reshaping back gives (N, C, H, W).",
           "γ and β are per channel: apply them after reshaping back, with shape (C, 1, 1) to "
           "broadcast; their gradients sum over N, H and W.",
           "The backward pass is batch norm's with the statistics axis being the row of the "
           "reshaped (N, G, ·) array: compute ∂L/∂x̂ = dout ⊙ γ first, then reshape it."))
GROUP_CASES = [(2, 4, (3, 4, 5, 5), np.float64), (1, 3, (2, 3, 4, 4), np.float64),
               (3, 3, (2, 3, 2, 3), np.float64), (2, 6, (1, 6, 3, 3), np.float64),
               (2, 4, (2, 4, 3, 3), np.float32)]


def _gn_forward(x, G, gamma, beta, eps=1e-5):
    N = x.shape[0]
    xg = x.reshape(N, G, -1)
    xhat = ((xg - xg.mean(axis=2, keepdims=True)) / np.sqrt(xg.var(axis=2, keepdims=True) + eps))
    return gamma[:, None, None] * xhat.reshape(x.shape) + beta[:, None, None]


def _gn_inputs(ctx, k, C, shape, dtype=np.float64):
    rg = ctx.rng(40, k)
    x = (2 * rg.standard_normal(shape) + 1).astype(dtype)
    params = {"gamma": rg.standard_normal(C) + 1, "beta": rg.standard_normal(C)}
    dout = rg.standard_normal(shape).astype(dtype)
    return x, params, dout


def _gn(ctx, G, C, steps, params, label, dtype=np.float64):
    return layer_outputs(ctx, "GroupNorm", steps, {}, label, params=params, init=(G, C))


@GROUP.check("forward matches the reference (G = 2, 1 (layer norm), C (instance norm); N = 1; float32)",
             gate=True)
def _(ctx):
    for k, (G, C, shape, dtype) in enumerate(GROUP_CASES):
        x, params, _ = _gn_inputs(ctx, k, C, shape, dtype)
        label = f"GroupNorm({G}, {C}).forward(x of shape {shape}, {np.dtype(dtype)})"
        (out,), _ = _gn(ctx, G, C, [("forward", x)], params, label, dtype)
        ctx.match(f"out/{k}", label, array(label, out, shape, dtype))


@GROUP.check("backward: dx, gamma.grad and beta.grad match the reference", gate=True)
def _(ctx):
    for k, (G, C, shape, dtype) in enumerate(GROUP_CASES):
        x, params, dout = _gn_inputs(ctx, k, C, shape, dtype)
        label = f"GroupNorm({G}, {C}).backward for x of shape {shape} ({np.dtype(dtype)})"
        (_, dx), final = _gn(ctx, G, C, [("forward", x), ("backward", dout)], params, label, dtype)
        ctx.match(f"dx/{k}", f"dx of {label}", array(f"dx of {label}", dx, shape, dtype))
        for name in ("gamma", "beta"):
            if name not in final:
                raise CheckFailed(f"GroupNorm has no parameter {name!r} (its parameters: {sorted(final)})")
            ctx.match(f"d{name}/{k}", f"{name}.grad of {label}", array(f"{name}.grad", final[name][1], (C,)),
                      rtol=1e-4 if dtype == np.float32 else 1e-6)


@GROUP.check("dx agrees with numerical differentiation; gradients accumulate over two backward passes")
def _(ctx):
    x, params, dout = _gn_inputs(ctx, 9, 4, (2, 4, 2, 2))
    (_, dx, _, _), final = _gn(ctx, 2, 4, [("forward", x), ("backward", dout), ("forward", x),
                                           ("backward", dout)], params, "GroupNorm(2, 4)")
    xs = x.copy()
    f = lambda: float(np.sum(_gn_forward(xs, 2, params["gamma"], params["beta"]) * dout))  # noqa: E731
    agree_numerically("dx", dx, _numerical(f, xs))
    once = (dout * (_gn_forward(x, 2, np.ones(4), np.zeros(4)))).sum(axis=(0, 2, 3))
    ctx.require(np.allclose(array("gamma.grad", final["gamma"][1], (4,)), 2 * once),
                "after two backward passes gamma.grad must hold the sum of both (add into .grad with +=)")


@GROUP.check("C not a multiple of G and x with the wrong channel count raise a ValueError; "
             "eval mode computes the same")
def _(ctx):
    ctx.expect_error("GroupNorm", (), "ValueError", "GroupNorm(3, 4)", task="layer",
                     task_args=("GroupNorm", (3, 4), {}, {}, []))
    x, params, _ = _gn_inputs(ctx, 0, 4, (2, 4, 3, 3))
    ctx.expect_error("GroupNorm", (), "ValueError", "GroupNorm(2, 4).forward(x of shape (2, 3, 3, 3))",
                     task="layer", task_args=("GroupNorm", (2, 4), {}, {}, [("forward", x[:, :3])]))
    (a, _, b), _ = _gn(ctx, 2, 4, [("forward", x), ("eval",), ("forward", x)], params, "GroupNorm(2, 4)")
    ctx.require(np.allclose(array("forward", a, x.shape), array("forward in eval mode", b, x.shape)),
                "group normalization uses no batch statistics: eval mode must give the training output")


# --- 5.5 adaptive gradient clipping ------------------------------------------------------------------------

AGC = Exercise(
    "5.5", "Adaptive gradient clipping", ("adaptive_clip",), 2,
    section="deep/02_vanishing_exploding", kind="implement", difficulty=2, minutes=30,
    task="Implement unit-wise adaptive gradient clipping: each unit's gradient is limited to a "
         "fixed fraction of the size of that unit's weights.",
    hints=("A unit is a column of W (D, M): take the Euclidean norm of every column of W and of "
           "dW, with axis=0, giving two arrays of shape (M,).",
           "Floor the weight norms at ε before comparing, so a column of zero weights can still "
           "move; compare each column's ratio ‖g‖ / max(‖w‖, ε) with λ.",
           "One scale factor per column, 1 where the ratio is within λ, λ·max(‖w‖, ε)/‖g‖ "
           "elsewhere; multiply dW by it (broadcast over the rows) and watch out for ‖g‖ = 0."))
AGC_CASES = [(0.01, 1e-3, np.float64), (0.1, 1e-3, np.float64), (0.5, 0.1, np.float64), (0.05, 1e-3, np.float32)]


def _agc_inputs(ctx, k, dtype=np.float64, shape=(6, 5)):
    rg = ctx.rng(50, k)
    W = rg.standard_normal(shape).astype(dtype)
    dW = (rg.standard_normal(shape) * np.array([1e-4, 0.5, 3.0, 1e-3, 10.0])[:shape[1]]).astype(dtype)
    W[:, -1] = 0                                             # a dead unit: the floor ε decides
    dW[:, 0] = 0                                             # a unit without gradient
    return W, dW


@AGC.check("the clipped gradient matches the reference (λ = 0.01, 0.1, 0.5; a zero column in W and "
           "in dW; float32)", gate=True)
def _(ctx):
    for k, (lam, eps, dtype) in enumerate(AGC_CASES):
        W, dW = _agc_inputs(ctx, k, dtype)
        label = f"adaptive_clip(W, dW, clipping={lam}, eps={eps}) ({np.dtype(dtype)})"
        out = ctx.call("adaptive_clip", W, dW, lam, eps, label=label)
        ctx.match(f"out/{k}", label, array(label, out, W.shape, dtype))


@AGC.check("clipped columns end with ‖g‖ = λ·max(‖w‖, ε) in their old direction, the others are "
           "unchanged; the result is a new array")
def _(ctx):
    W, dW = _agc_inputs(ctx, 5, shape=(8, 5))
    lam, eps = 0.1, 1e-3
    out = array("adaptive_clip", ctx.call("adaptive_clip", W, dW, lam, eps, label="adaptive_clip"), W.shape)
    w = np.maximum(np.linalg.norm(W, axis=0), eps)
    g = np.linalg.norm(dW, axis=0)
    clipped = g > lam * w
    ctx.require(np.array_equal(out[:, ~clipped], dW[:, ~clipped]),
                "columns whose ratio ‖g‖/max(‖w‖, ε) is at most λ must be left exactly as they are")
    ctx.require(np.allclose(np.linalg.norm(out[:, clipped], axis=0), lam * w[clipped]),
                f"a clipped column must end with norm λ·max(‖w‖, ε) ({AGC.hint_ref(2)})")
    ctx.require(np.allclose(out[:, clipped] * g[clipped], dW[:, clipped] * lam * w[clipped]),
                "a clipped column must keep its direction (multiply it by one positive number)")
    shared = ctx.run("deep:shares_input", "adaptive_clip", W, dW, 1e6, eps,
                     label="adaptive_clip(W, dW, clipping=1e6) (nothing to clip)")
    ctx.require(shared is False, "adaptive_clip returned dW itself (or a view of W or dW) when nothing "
                                 "needed clipping: return a new array, so the caller's dW is never changed "
                                 "through the result")


@AGC.check("λ ≤ 0, ε ≤ 0, a 1-D W and dW of another shape raise a ValueError")
def _(ctx):
    W, dW = _agc_inputs(ctx, 0)
    for args, what in (((W, dW, 0.0), "clipping = 0"), ((W, dW, 0.1, -1.0), "eps = -1"),
                       ((W[0], dW[0]), "a 1-D W"), ((W, dW[:, :3]), "dW of shape (6, 3)")):
        ctx.expect_error("adaptive_clip", args, "ValueError", f"adaptive_clip with {what}")


# --- 5.6 ReZero --------------------------------------------------------------------------------------------

REZERO = Exercise(
    "5.6", "A residual block that starts as the identity", ("ReZero",), 2,
    section="deep/05_residual", kind="implement", difficulty=2, minutes=40,
    task="Implement a residual block out = x + α f(x) around any child layer f, with a learned "
         "scalar gate α that starts at 0: forward, backward and the gradient of α.",
    hints=("Register the child and α in the tree (assign self.block and a Parameter self.alpha "
           "after super().__init__()), so the model's parameters include both.",
           "Keep f(x) from the forward pass: the gradient of α is the sum of dout ⊙ f(x).",
           "x reaches the output by two paths, the skip and the branch; dx adds the skip's dout "
           "to what the block's backward returns for the gradient that reaches its output."))
D_RES, H_RES = 4, 6


def _branch() -> Sequential:
    return Sequential(Linear(D_RES, H_RES, rng=0), Tanh(), Linear(H_RES, D_RES, rng=1))


def _rz_inputs(ctx, k, N=5):
    rg = ctx.rng(60, k)
    block = _branch()
    params = {f"block.{name}": rg.standard_normal(p.shape) * 0.7 for name, p in block.parameters().items()}
    return rg.standard_normal((N, D_RES)), params, rg.standard_normal((N, D_RES))


def _rz(ctx, alpha, steps, params, label):
    kwargs = {} if alpha is None else {"alpha": alpha}
    results, final = ctx.run("deep:residual", "ReZero", D_RES, H_RES, kwargs, params, steps, label=label)
    if type(results) is not list or len(results) != len(steps) or type(final) is not dict:
        raise CheckFailed(f"{label}: the worker's reply has the wrong form")
    return results, final


@REZERO.check("forward and backward match the reference (α = 0.5, -1.3, 2; dx, α's and the block's "
              "gradients)", gate=True)
def _(ctx):
    for k, alpha in enumerate((0.5, -1.3, 2.0)):
        x, params, dout = _rz_inputs(ctx, k)
        label = f"ReZero(block, alpha={alpha})"
        (out, dx), final = _rz(ctx, alpha, [("forward", x), ("backward", dout)], params, label)
        ctx.match(f"out/{k}", f"{label}.forward(x)", array(f"{label}.forward", out, x.shape))
        ctx.match(f"dx/{k}", f"dx of {label}", array(f"dx of {label}", dx, x.shape))
        for name in ("alpha", "block.0.W", "block.2.b"):
            if name not in final:
                raise CheckFailed(f"{label} has no parameter {name!r} (its parameters: {sorted(final)}); "
                                  f"{REZERO.hint_ref(1)}")
            ctx.match(f"grad/{k}/{name}", f"{name}.grad of {label}", array(f"{name}.grad", final[name][1]))


@REZERO.check("by default α = 0: the block is the identity, yet α gets a gradient (no solution needed)")
def _(ctx):
    x, params, dout = _rz_inputs(ctx, 5)
    (out, dx), final = _rz(ctx, None, [("forward", x), ("backward", dout)], params, "ReZero(block)")
    ctx.require(np.allclose(array("ReZero(block).forward", out, x.shape), x, atol=0),
                "with α = 0 (the default) the output must be x exactly")
    ctx.require(np.allclose(array("dx", dx, x.shape), dout), "with α = 0, dx must be dout (the skip path)")
    block = _branch()
    for name, p in block.parameters().items():
        p.value[...] = params[f"block.{name}"]
    expected = float(np.sum(dout * block.forward(x)))
    got = np.asarray(final.get("alpha", (None, None))[1], dtype=float).reshape(-1)
    ctx.require(got.size == 1 and np.isclose(got[0], expected),
                f"α's gradient at α = 0 must be Σ dout ⊙ f(x) = {expected:.6g}, got {got.tolist()} "
                f"({REZERO.hint_ref(2)})")


@REZERO.check("dx and α's gradient agree with numerical differentiation; gradients accumulate")
def _(ctx):
    x, params, dout = _rz_inputs(ctx, 7)
    alpha = 0.8
    (_, dx, _, _), final = _rz(ctx, alpha, [("forward", x), ("backward", dout), ("forward", x),
                                            ("backward", dout)], params, "ReZero(block, alpha=0.8)")
    block = _branch()
    for name, p in block.parameters().items():
        p.value[...] = params[f"block.{name}"]
    xs, a = x.copy(), np.array([alpha])
    f = lambda: float(np.sum((xs + a[0] * block.forward(xs)) * dout))  # noqa: E731
    agree_numerically("dx (after two backward passes, dx of the second)", dx, _numerical(f, xs))
    if "alpha" not in final:
        raise CheckFailed(f"ReZero has no parameter 'alpha' (its parameters: {sorted(final)}); "
                          f"{REZERO.hint_ref(1)}")
    agree_numerically("alpha.grad / 2 (two backward passes add up)",
                      np.asarray(final["alpha"][1], dtype=float).reshape(a.shape) / 2, _numerical(f, a))


@REZERO.check("a block whose output has another shape raises a ValueError")
def _(ctx):
    x, _, _ = _rz_inputs(ctx, 0)
    ctx.expect_error("ReZero", (), "ValueError", "ReZero(block).forward for a block mapping 4 features "
                     "to 5", task="deep:residual", task_args=("ReZero", D_RES, H_RES, {}, {},
                                                             [("forward", x)], D_RES + 1))


CHAPTER = Chapter("deep", "Deep networks", [PREDICT, RMS, BNDEBUG, GROUP, AGC, REZERO])
