"""The checks of the chapter "Multilayer perceptrons" (exercises/mlp.py)."""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import (Chapter, CheckFailed, Context, Exercise, agree_numerically,
                                   check_param_gradients, loss_and_grads, match_loss_and_grads,
                                   numerical_from, pair, perturbed, rng)
from nnbook.grading.worker import Strided


def _labels(r: np.random.Generator, N: int, C: int) -> np.ndarray:
    return r.integers(0, C, N)


def _value_and_grad(ctx: Context, fn: str, args: tuple, label: str):
    return pair(ctx.run("call", fn, args, {}, label=label), label)


def _numerical_check(ctx: Context, fn: str, args: tuple, position: int, analytic, label: str,
                     *, h: float = 1e-6, tol: float = 1e-6) -> None:
    """Perturb ``args[position]`` entry by entry, and compare the loss's slope with ``analytic``."""
    variants = [args[:position] + (z,) + args[position + 1:] for z in perturbed(args[position], h)]
    results = ctx.run("call_many", fn, variants, {}, label=f"{fn} on perturbed inputs", watch=False)
    numeric = numerical_from([float(pair(v, fn)[0]) for v in results], args[position].shape, h)
    agree_numerically(label, analytic, numeric, tol=tol)


# --- 2.1 SVM loss -----------------------------------------------------------------------------------

SVM = Exercise("2.1", "SVM (hinge) loss", ("svm_loss",), 2)
SVM_CASES = [(1, 3, 1.0), (10, 5, 1.0), (16, 4, 0.5)]


def _svm_inputs(k: int, N: int, C: int, dtype=np.float64):
    r = rng(60, k)
    return r.standard_normal((N, C)).astype(dtype), _labels(r, N, C)


@SVM.check("loss and dscores match the reference (N = 1, 10, 16; two margins)")
def _(ctx):
    for k, (N, C, margin) in enumerate(SVM_CASES):
        scores, y = _svm_inputs(k, N, C)
        loss, d = _value_and_grad(ctx, "svm_loss", (scores, y, margin), f"svm_loss (N={N}, C={C})")
        ctx.match(f"loss/{k}", f"loss for N={N}, C={C}, margin={margin}", loss)
        ctx.match(f"dscores/{k}", f"dscores for N={N}, C={C}, margin={margin}", d)


@SVM.check("dscores agrees with numerical differentiation (no solution needed)")
def _(ctx):
    scores, y = _svm_inputs(5, 6, 4)
    _, d = _value_and_grad(ctx, "svm_loss", (scores, y, 1.0), "svm_loss")
    _numerical_check(ctx, "svm_loss", (scores, y, 1.0), 0, d, "dscores")


@SVM.check("float32 scores give float32 dscores; non-contiguous scores")
def _(ctx):
    scores, y = _svm_inputs(1, 10, 5, np.float32)
    _, d = _value_and_grad(ctx, "svm_loss", (scores, y, 1.0), "svm_loss (float32)")
    ctx.match("float32", "dscores for float32 scores", d)
    scores, y = _svm_inputs(1, 10, 5)
    _, d = _value_and_grad(ctx, "svm_loss", (Strided(scores), y, 1.0), "svm_loss on a view")
    ctx.match("dscores/1", "dscores for non-contiguous scores", d)


# --- 2.2 batch normalization ------------------------------------------------------------------------------

BATCHNORM = Exercise("2.2", "Batch normalization", ("batchnorm_forward", "batchnorm_backward"), 3)


def _bn_inputs(k: int, N: int = 8, D: int = 5, dtype=np.float64):
    r = rng(70, k)
    x = (3 * r.standard_normal((N, D)) + r.standard_normal(D) * 5).astype(dtype)
    gamma, beta = (1 + 0.5 * r.standard_normal(D)).astype(dtype), r.standard_normal(D).astype(dtype)
    return x, gamma, beta, r.standard_normal((N, D)).astype(dtype)


def _bn(ctx, x, gamma, beta, dout, label):
    out, grads = ctx.run("forward_backward", "batchnorm_forward", "batchnorm_backward",
                         (x, gamma, beta), {}, dout, label=label)
    if not (isinstance(grads, tuple) and len(grads) == 3):
        raise CheckFailed(f"batchnorm_backward must return (dx, dgamma, dbeta), got {type(grads).__name__}")
    return out, grads


@BATCHNORM.check("forward and all three gradients match the reference (N = 8 and N = 2)")
def _(ctx):
    for k, N in enumerate([8, 2]):
        x, gamma, beta, dout = _bn_inputs(k, N=N)
        out, (dx, dgamma, dbeta) = _bn(ctx, x, gamma, beta, dout, f"batchnorm (N={N})")
        ctx.match(f"out/{k}", f"out for x of shape {x.shape}", out)
        ctx.match(f"dx/{k}", f"dx for x of shape {x.shape}", dx)
        ctx.match(f"dgamma/{k}", f"dgamma for x of shape {x.shape}", dgamma)
        ctx.match(f"dbeta/{k}", f"dbeta for x of shape {x.shape}", dbeta)


@BATCHNORM.check("the output has zero mean and unit variance per feature when gamma = 1, beta = 0")
def _(ctx):
    x, _, _, dout = _bn_inputs(3)
    ones, zeros = np.ones(x.shape[1]), np.zeros(x.shape[1])
    out, _ = _bn(ctx, x, ones, zeros, dout, "batchnorm with gamma=1, beta=0")
    if not isinstance(out, np.ndarray) or out.shape != x.shape:
        raise CheckFailed(f"out: expected an array of shape {x.shape}")
    ctx.require(np.allclose(out.mean(axis=0), 0, atol=1e-7),
                f"out's mean per feature should be 0, got {np.round(out.mean(axis=0), 4).tolist()}")
    ctx.require(np.allclose(out.var(axis=0), 1, atol=1e-3),
                f"out's variance per feature should be 1 (1/N, biased), got {np.round(out.var(axis=0), 4).tolist()}")


@BATCHNORM.check("dx agrees with numerical differentiation (no solution needed)")
def _(ctx):
    x, gamma, beta, dout = _bn_inputs(4, N=5, D=3)
    _, (dx, _, _) = _bn(ctx, x, gamma, beta, dout, "batchnorm")
    h = 1e-6
    outs = ctx.run("forward_many", "batchnorm_forward", [(z, gamma, beta) for z in perturbed(x, h)], {},
                   label="batchnorm_forward on perturbed inputs", watch=False)
    numeric = numerical_from([float(np.sum(np.asarray(o) * dout)) for o in outs], x.shape, h)
    agree_numerically("dx", dx, numeric, tol=1e-5)


@BATCHNORM.check("float32 stays float32")
def _(ctx):
    x, gamma, beta, dout = _bn_inputs(0, dtype=np.float32)
    out, (dx, dgamma, dbeta) = _bn(ctx, x, gamma, beta, dout, "batchnorm in float32")
    ctx.match("float32/out", "out for float32 x", out)
    ctx.match("float32/dx", "dx for float32 x", dx)


# --- 2.3 deep MLP ------------------------------------------------------------------------------------------

MLP = Exercise("2.3", "MLP of any depth", ("mlp_loss",), 4)


def _mlp_inputs(k: int, sizes=(4, 6, 5, 3), N: int = 7, dtype=np.float64):
    r = rng(80, k)
    params = {}
    for layer, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = (r.standard_normal((a, b)) / np.sqrt(a)).astype(dtype)
        params[f"b{layer}"] = (0.1 * r.standard_normal(b)).astype(dtype)
    return params, r.standard_normal((N, sizes[0])).astype(dtype), _labels(r, N, sizes[-1])


def _mlp(ctx, params, X, y, reg, label):
    return loss_and_grads(ctx, "mlp_loss", params, X, y, reg, label)


@MLP.check("scores, loss and gradients match the reference (depth 1, 2 and 3; N = 1)")
def _(ctx):
    cases = [((4, 3), 5, 0.0), ((4, 6, 3), 5, 0.1), ((4, 6, 5, 3), 7, 0.05), ((4, 6, 5, 3), 1, 0.0)]
    for k, (sizes, N, reg) in enumerate(cases):
        params, X, y = _mlp_inputs(k, sizes, N)
        depth = len(sizes) - 1
        scores = ctx.run("call", "mlp_loss", (params, X, None, reg), {}, label=f"mlp_loss(params, X) (depth {depth})")
        ctx.match(f"scores/{k}", f"scores of a depth-{depth} network", scores)
        loss, grads = _mlp(ctx, params, X, y, reg, f"mlp_loss (depth {depth}, N={N}, reg={reg})")
        match_loss_and_grads(ctx, k, loss, grads, f"of a depth-{depth} network, N={N}, reg={reg}")


@MLP.check("every gradient of a depth-3 network agrees with numerical differentiation (no solution needed)")
def _(ctx):
    params, X, y = _mlp_inputs(9, (3, 4, 4, 3), N=5)
    reg = 0.1
    _, grads = _mlp(ctx, params, X, y, reg, "mlp_loss")
    check_param_gradients(ctx, "mlp_loss", params, X, y, reg, grads, tol=1e-5)


@MLP.check("float32 parameters give float32 gradients")
def _(ctx):
    params, X, y = _mlp_inputs(2, dtype=np.float32)
    _, grads = _mlp(ctx, params, X, y, 0.1, "mlp_loss in float32")
    for name in sorted(params):
        ctx.match(f"float32/{name}", f"grads[{name!r}] for float32 parameters", grads[name])


# --- 2.4 top-k accuracy -----------------------------------------------------------------------------------

TOPK = Exercise("2.4", "Top-k accuracy", ("top_k_accuracy",), 1)


@TOPK.check("matches the reference for k = 1, 3, C on random scores")
def _(ctx):
    scores, y = rng(90).standard_normal((50, 10)), rng(91).integers(0, 10, 50)
    for k in (1, 3, 10):
        value = ctx.run("call", "top_k_accuracy", (scores, y, k), {}, label=f"top_k_accuracy(k={k})")
        ctx.match(f"k{k}", f"top-{k} accuracy of 50 samples", value)


@TOPK.check("ties count in the sample's favour; k = 1 is plain accuracy")
def _(ctx):
    scores = np.array([[1.0, 1.0, 0.0], [0.0, 2.0, 1.0], [3.0, 3.0, 3.0], [0.0, 1.0, 2.0]])
    y = np.array([1, 2, 0, 0])
    value = ctx.run("call", "top_k_accuracy", (scores, y, 1), {}, label="top_k_accuracy(k=1)")
    ctx.match("ties", "top-1 accuracy with tied scores [[1, 1, 0] with label 1, ...]", value)
    plain = ctx.run("call", "top_k_accuracy", (scores[1:2], np.array([1]), 1), {}, label="top_k_accuracy")
    ctx.match("plain", "top-1 accuracy of one correctly classified sample", plain)


@TOPK.check("k outside [1, C] raises a ValueError")
def _(ctx):
    scores, y = np.zeros((2, 3)), np.array([0, 1])
    for k in (0, 4):
        ctx.expect_error("top_k_accuracy", (scores, y, k), "ValueError", f"top_k_accuracy(k={k}) for 3 classes")


# --- 2.5 ROC curve ------------------------------------------------------------------------------------------

ROC = Exercise("2.5", "ROC curve", ("roc_points",), 2)


def _roc(ctx, y, scores, label):
    result = ctx.run("call", "roc_points", (y, scores), {}, label=label)
    if not (isinstance(result, tuple) and len(result) == 3):
        raise CheckFailed(f"{label}: must return (fpr, tpr, thresholds)")
    return result


@ROC.check("fpr, tpr and thresholds match the reference (distinct scores; many ties)")
def _(ctx):
    r = rng(95)
    cases = [(r.integers(0, 2, 40), r.standard_normal(40)),
             (r.integers(0, 2, 40), np.round(r.standard_normal(40), 0)),   # few distinct values
             (np.array([0, 1]), np.array([0.3, 0.7]))]
    for k, (y, s) in enumerate(cases):
        fpr, tpr, thr = _roc(ctx, y, s, f"roc_points (case {k})")
        for name, value in (("fpr", fpr), ("tpr", tpr), ("thresholds", thr)):
            ctx.match(f"{name}/{k}", f"{name} for {len(y)} samples ({len(np.unique(s))} distinct scores)", value)


@ROC.check("the curve starts at (0, 0), ends at (1, 1) and never decreases")
def _(ctx):
    y, s = rng(96).integers(0, 2, 30), rng(97).standard_normal(30)
    fpr, tpr, thr = _roc(ctx, y, s, "roc_points")
    for name, v in (("fpr", fpr), ("tpr", tpr)):
        ctx.require(isinstance(v, np.ndarray) and v.ndim == 1 and len(v) >= 2, f"{name} must be a 1-D array")
        ctx.require(v[0] == 0 and v[-1] == 1, f"{name} must run from 0 to 1, got {v[0]} ... {v[-1]}")
        ctx.require(np.all(np.diff(v) >= 0), f"{name} must never decrease")
    ctx.require(np.isinf(thr[0]) and np.all(np.diff(thr[1:]) < 0),
                "thresholds must start at inf and then decrease strictly (one per distinct score)")


@ROC.check("only one class present raises a ValueError")
def _(ctx):
    ctx.expect_error("roc_points", (np.ones(5, dtype=int), np.arange(5.0)), "ValueError",
                     "roc_points with only positive labels")


CHAPTER = Chapter("mlp", "Multilayer perceptrons", [SVM, BATCHNORM, MLP, TOPK, ROC])
