"""The checks of the chapter "Multilayer perceptrons" (exercises/mlp.py).

Each check stands alone (forward checks never call backward); inputs come from ``ctx.rng`` and
reach every branch of the reference: margins exactly met, batches missing classes, ties, the
defaults of optional arguments, both sides of each threshold.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.chapters.backprop.checks import layer_outputs
from nnbook.grading.framework import (Chapter, CheckFailed, Context, Exercise, Strided,
                                      agree_numerically, array, check_param_gradients, kind,
                                      loss_and_grads, match_loss_and_grads, number, numerical_from,
                                      pair, perturbed, weighted_sums)


def _labels(r: np.random.Generator, N: int, C: int, missing: bool = False) -> np.ndarray:
    """Random labels; with ``missing``, class C-1 never occurs (a batch missing a class)."""
    return r.integers(0, C - 1 if missing and C > 2 else C, N)


# --- 2.1 SVM loss -----------------------------------------------------------------------------------

SVM = Exercise("2.1", "SVM (hinge) loss", ("svm_loss",), 2)
SVM_CASES = [(1, 3, None, False), (10, 5, 1.0, False), (16, 4, 0.5, True), (12, 6, None, True)]


def _svm_inputs(ctx, k: int, N: int, C: int, margin, missing=False, dtype=np.float64):
    r = ctx.rng(60, k)
    scores = r.standard_normal((N, C)).astype(dtype)
    y = _labels(r, N, C, missing)
    if N > 1:                           # margins met exactly: s_j - s_y + Δ = 0, on both sides of a tie
        d = 1.0 if margin is None else margin
        j = (y[0] + 1) % C
        scores[0, j] = scores[0, y[0]] - dtype(d)
        scores[1, (y[1] + 1) % C] = scores[1, y[1]]
    return scores, y


def _svm(ctx, scores, y, margin, label):
    args = (scores, y) if margin is None else (scores, y, margin)
    return pair(ctx.call("svm_loss", *args, label=label), label, what="(loss, dscores)")


@SVM.check("the loss matches the reference (N = 1, 10, 16; default and other margins; margins met "
           "exactly; batches missing a class)")
def _(ctx):
    for k, (N, C, margin, missing) in enumerate(SVM_CASES):
        scores, y = _svm_inputs(ctx, k, N, C, margin, missing)
        loss, _ = _svm(ctx, scores, y, margin, f"svm_loss (N={N}, C={C})")
        ctx.match(f"loss/{k}", f"the loss for N={N}, C={C}, margin={margin or 'default'}", loss)


@SVM.check("dscores matches the reference (the same cases; float32 and a non-contiguous view)")
def _(ctx):
    for k, (N, C, margin, missing) in enumerate(SVM_CASES):
        scores, y = _svm_inputs(ctx, k, N, C, margin, missing)
        _, d = _svm(ctx, scores, y, margin, f"svm_loss (N={N}, C={C})")
        ctx.match(f"dscores/{k}", f"dscores for N={N}, C={C}, margin={margin or 'default'}", d)
    scores, y = _svm_inputs(ctx, 1, 10, 5, 1.0, dtype=np.float32)
    _, d = _svm(ctx, scores, y, 1.0, "svm_loss (float32)")
    ctx.match("float32", "dscores for float32 scores", d)
    scores, y = _svm_inputs(ctx, 1, 10, 5, 1.0)
    _, d = _svm(ctx, Strided(scores), y, 1.0, "svm_loss on a view")
    ctx.match("dscores/1", "dscores for non-contiguous scores", d)


@SVM.check("dscores agrees with numerical differentiation (no solution needed)")
def _(ctx):
    for attempt in range(100):                 # every margin at least 1e-3 from being met (the kink)
        scores, y = ctx.rng(65, attempt).standard_normal((6, 4)), ctx.rng(66, attempt).integers(0, 4, 6)
        margins = scores - scores[np.arange(6), y][:, None] + 1.0
        margins[np.arange(6), y] = 1.0
        if np.min(np.abs(margins)) > 1e-3:
            break
    _, d = _svm(ctx, scores, y, 1.0, "svm_loss")
    h = 1e-6
    results = ctx.call_many("svm_loss", [(z, y, 1.0) for z in perturbed(scores, h)],
                            label="svm_loss on perturbed scores")
    values = [number("the loss from svm_loss", pair(v, "svm_loss")[0]) for v in results]
    agree_numerically("dscores", d, numerical_from(values, scores.shape, h))


# --- 2.2 batch normalization ------------------------------------------------------------------------------

BATCHNORM = Exercise("2.2", "Batch normalization", ("BatchNorm",), 3)


def _bn_inputs(ctx, k: int, N: int = 8, D: int = 5, dtype=np.float64):
    r = ctx.rng(70, k)
    x = (3 * r.standard_normal((N, D)) + r.standard_normal(D) * 5).astype(dtype)
    gamma, beta = (1 + 0.5 * r.standard_normal(D)).astype(dtype), r.standard_normal(D).astype(dtype)
    return x, {"gamma": gamma, "beta": beta}, r.standard_normal((N, D)).astype(dtype)


def _bn(ctx, params, steps, label, kwargs=None, dtype=np.float64):
    D = params["gamma"].shape[0]
    return layer_outputs(ctx, "BatchNorm", steps, {"dtype": str(np.dtype(dtype)), **(kwargs or {})},
                         label, params=params, init=(D,))


def _grads(final, label):
    if type(final) is not dict or set(final) != {"gamma", "beta"}:
        got = sorted(final) if type(final) is dict else kind(final)
        raise CheckFailed(f"{label}: BatchNorm's parameters should be gamma and beta, found {got}")
    return pair(final["gamma"], label)[1], pair(final["beta"], label)[1]


BN_CASES = [(8, np.float64, None), (2, np.float64, {"eps": 1e-3}), (8, np.float32, None)]


@BATCHNORM.check("training-mode forward matches the reference (N = 8 and 2; float32; default and other eps); "
                 "mean 0 and variance 1 when gamma = 1, beta = 0")
def _(ctx):
    for k, (N, dtype, kw) in enumerate(BN_CASES):
        x, params, _ = _bn_inputs(ctx, k, N=N, dtype=dtype)
        (out,), _ = _bn(ctx, params, [("forward", x)], f"BatchNorm.forward (N={N})", kw, dtype)
        ctx.match(f"out/{k}", f"BatchNorm.forward(x) for x of shape {x.shape} ({np.dtype(dtype)})", out)
    x, _, _ = _bn_inputs(ctx, 3)
    D = x.shape[1]
    (out,), _ = _bn(ctx, {"gamma": np.ones(D), "beta": np.zeros(D)}, [("forward", x)], "BatchNorm.forward")
    out = array("BatchNorm.forward(x)", out, x.shape)
    ctx.require(np.allclose(out.mean(axis=0), 0, atol=1e-7),
                f"out's mean per feature should be 0, got {np.round(out.mean(axis=0), 4).tolist()}")
    ctx.require(np.allclose(out.var(axis=0), 1, atol=1e-3),
                f"out's variance per feature should be 1 (1/N, biased), got {np.round(out.var(axis=0), 4).tolist()}")


@BATCHNORM.check("running statistics after two batches (default and other momentum); eval mode uses them")
def _(ctx):
    for k, kw in enumerate([None, {"momentum": 0.5}]):
        x1, params, _ = _bn_inputs(ctx, 10 + k)
        x2, _, _ = _bn_inputs(ctx, 20 + k)
        steps = [("forward", x1), ("forward", x2), ("attr", "running_mean"), ("attr", "running_var"),
                 ("eval",), ("forward", x1)]
        results, _ = _bn(ctx, params, steps, "BatchNorm: two training batches, then eval", kw)
        ctx.match(f"running_mean/{k}", f"running_mean after two batches (momentum {kw or 'default'})", results[2])
        ctx.match(f"running_var/{k}", f"running_var after two batches (momentum {kw or 'default'})", results[3])
        ctx.match(f"eval_out/{k}", "BatchNorm.forward(x) in eval mode (with the running statistics)", results[5])
        (_, out), _ = _bn(ctx, params, [("eval",), ("forward", x1)], "BatchNorm.forward in eval mode, fresh layer", kw)
        ctx.match(f"eval_fresh/{k}", "eval-mode forward of a fresh layer (running_mean 0, running_var 1)", out)


@BATCHNORM.check("backward matches the reference: dx, gamma.grad, beta.grad (training and eval mode; "
                 "N = 2; float32; gradients accumulate)")
def _(ctx):
    for k, (N, dtype, kw) in enumerate(BN_CASES):
        x, params, dout = _bn_inputs(ctx, k, N=N, dtype=dtype)
        (_, dx), final = _bn(ctx, params, [("forward", x), ("backward", dout)], f"BatchNorm (N={N})", kw, dtype)
        dgamma, dbeta = _grads(final, "BatchNorm")
        where = f"for x of shape {x.shape} ({np.dtype(dtype)})"
        ctx.match(f"dx/{k}", f"dx {where}", dx)
        ctx.match(f"dgamma/{k}", f"gamma.grad {where}", dgamma)
        ctx.match(f"dbeta/{k}", f"beta.grad {where}", dbeta)
    x, params, dout = _bn_inputs(ctx, 0)
    (_, _, _), final = _bn(ctx, params, [("forward", x), ("backward", dout), ("backward", dout)],
                           "BatchNorm, backward twice")
    dgamma, dbeta = _grads(final, "BatchNorm")
    ctx.match("dgamma/0", "gamma.grad after two backward passes, halved (add with += into .grad)",
              array("gamma.grad", dgamma) / 2)
    (_, _, dx), final = _bn(ctx, params, [("eval",), ("forward", x), ("backward", dout)], "BatchNorm in eval mode")
    ctx.match("eval_dx", "dx in eval mode (the running statistics are constants)", dx)
    ctx.match("eval_dgamma", "gamma.grad in eval mode", _grads(final, "BatchNorm")[0])


@BATCHNORM.check("dx agrees with numerical differentiation; needs_input_grad = False returns None")
def _(ctx):
    x, params, dout = _bn_inputs(ctx, 4, N=5, D=3)
    (_, dx), _ = _bn(ctx, params, [("forward", x), ("backward", dout)], "BatchNorm")
    h = 1e-6
    outs, _ = _bn(ctx, params, [("forward", z) for z in perturbed(x, h)], "BatchNorm.forward on perturbed inputs")
    agree_numerically("dx", dx, numerical_from(weighted_sums("BatchNorm.forward(x)", outs, dout), x.shape, h),
                      tol=1e-5)
    results, final = _bn(ctx, params, [("set", "needs_input_grad", False), ("forward", x), ("backward", dout)],
                         "BatchNorm with needs_input_grad = False")
    ctx.require(results[2] is None, "BatchNorm.backward with needs_input_grad = False should return None, "
                                    f"got {kind(results[2])}")
    ctx.match("dgamma/needs_no_dx", "gamma.grad with needs_input_grad = False", _grads(final, "BatchNorm")[0])


# --- 2.3 deep MLP ------------------------------------------------------------------------------------------

MLP = Exercise("2.3", "MLP of any depth", ("mlp_loss",), 4)


def _mlp_inputs(ctx, k: int, sizes=(4, 6, 5, 3), N: int = 7, dtype=np.float64, missing=False):
    r = ctx.rng(80, k)
    params = {}
    for layer, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = (r.standard_normal((a, b)) / np.sqrt(a)).astype(dtype)
        params[f"b{layer}"] = (0.1 * r.standard_normal(b)).astype(dtype)
    return params, r.standard_normal((N, sizes[0])).astype(dtype), _labels(r, N, sizes[-1], missing)


MLP_CASES = [((4, 3), 5, 0.0), ((4, 6, 3), 5, 0.1), ((4, 6, 5, 3), 7, 0.05), ((4, 6, 5, 3), 1, None),
             ((4, 5, 5, 5, 5, 3), 6, 0.02)]


@MLP.check("scores (y omitted) match the reference (depth 1, 2, 3 and 5)")
def _(ctx):
    for k, (sizes, N, _) in enumerate(MLP_CASES):
        params, X, _ = _mlp_inputs(ctx, k, sizes, N)
        scores = ctx.call("mlp_loss", params, X, label=f"mlp_loss(params, X) (depth {len(sizes) - 1})")
        ctx.match(f"scores/{k}", f"scores of a depth-{len(sizes) - 1} network", scores)


@MLP.check("loss and gradients match the reference (depth 1-5; N = 1; reg default and others; "
           "batches missing a class)")
def _(ctx):
    for k, (sizes, N, reg) in enumerate(MLP_CASES):
        params, X, y = _mlp_inputs(ctx, k, sizes, N, missing=k % 2 == 1)
        depth = len(sizes) - 1
        label = f"mlp_loss (depth {depth}, N={N}, reg={reg if reg is not None else 'default'})"
        args = (params, X, y) if reg is None else (params, X, y, reg)
        loss, grads = pair(ctx.call("mlp_loss", *args, label=label), label, what="(loss, grads)")
        if type(grads) is not dict or set(grads) != set(params):
            got = sorted(grads) if type(grads) is dict else kind(grads)
            raise CheckFailed(f"{label}: grads must be a dict with keys {sorted(params)}, got {got}")
        match_loss_and_grads(ctx, k, number(f"the loss from {label}", loss), grads,
                             f"of a depth-{depth} network, N={N}, reg={reg}")


def _alive_and_away_from_kinks(ctx, k: int, sizes, N: int):
    """The first draw from k, k + 1000, ... whose hidden units are each active for some sample (else a
    gradient is zero everywhere and proves nothing) and all at least 1e-3 from the ReLU's kink (a
    centered difference across a kink measures nothing)."""
    for attempt in range(100):
        params, X, y = _mlp_inputs(ctx, k + 1000 * attempt, sizes, N)
        h, fine = X, True
        for layer in range(1, len(sizes) - 1):
            pre = h @ params[f"W{layer}"] + params[f"b{layer}"]
            fine = fine and np.min(np.abs(pre)) > 1e-3 and bool(np.all(np.any(pre > 0, axis=0)))
            h = np.maximum(pre, 0)
        if fine:
            return params, X, y
    raise RuntimeError("no draw of MLP inputs with every unit alive and away from the kink")


@MLP.check("every gradient of a depth-4 network agrees with numerical differentiation (no solution needed)")
def _(ctx):
    params, X, y = _alive_and_away_from_kinks(ctx, 9, (3, 4, 4, 4, 3), N=5)
    _, grads = loss_and_grads(ctx, "mlp_loss", params, X, y, 0.1, "mlp_loss")
    check_param_gradients(ctx, "mlp_loss", params, X, y, 0.1, grads, tol=1e-5)


@MLP.check("float32 parameters give float32 gradients")
def _(ctx):
    params, X, y = _mlp_inputs(ctx, 2, dtype=np.float32)
    _, grads = loss_and_grads(ctx, "mlp_loss", params, X, y, 0.1, "mlp_loss in float32")
    for name in sorted(params):
        ctx.match(f"float32/{name}", f"grads[{name!r}] for float32 parameters", grads[name])


@MLP.check("scores up to 1000 give a finite loss and gradients matching the reference (a softmax computed "
           "without subtracting the row's maximum overflows)")
def _(ctx):
    params, X, y = _mlp_inputs(ctx, 12, (4, 6, 3), N=5)
    params["W2"] = 20 * params["W2"]
    scores = np.maximum(X @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
    params["b2"] = params["b2"] + (1000 - scores.max())       # the largest score exactly 1000
    loss, grads = loss_and_grads(ctx, "mlp_loss", params, X, y, 0.0, "mlp_loss with scores up to 1000")
    match_loss_and_grads(ctx, 12, loss, grads, "for scores up to 1000")


# --- 2.4 top-k accuracy -----------------------------------------------------------------------------------

TOPK = Exercise("2.4", "Top-k accuracy", ("top_k_accuracy",), 1)


@TOPK.check("matches the reference for k = 1, 3, C and the default k (random scores, some tied)")
def _(ctx):
    scores, y = np.round(ctx.rng(90).standard_normal((50, 10)), 1), ctx.rng(91).integers(0, 10, 50)
    for k in (1, 3, 10, None):
        args = (scores, y) if k is None else (scores, y, k)
        value = ctx.call("top_k_accuracy", *args, label=f"top_k_accuracy(k={k or 'default'})")
        ctx.match(f"k{k or 'default'}", f"top-{k or 'default'} accuracy of 50 samples", value)


@TOPK.check("ties count in the sample's favour; k = 1 is plain accuracy")
def _(ctx):
    scores = np.array([[1.0, 1.0, 0.0], [0.0, 2.0, 1.0], [3.0, 3.0, 3.0], [0.0, 1.0, 2.0]])
    y = np.array([1, 2, 0, 0])
    value = ctx.call("top_k_accuracy", scores, y, 1, label="top_k_accuracy(k=1)")
    ctx.match("ties", "top-1 accuracy with tied scores [[1, 1, 0] with label 1, ...]", value)
    plain = ctx.call("top_k_accuracy", scores[1:2], np.array([1]), 1, label="top_k_accuracy")
    ctx.match("plain", "top-1 accuracy of one correctly classified sample", plain)


@TOPK.check("k outside [1, C] raises a ValueError; k = 1 and k = C do not")
def _(ctx):
    scores, y = np.zeros((2, 3)), np.array([0, 1])
    for k in (0, 4):
        ctx.expect_error("top_k_accuracy", (scores, y, k), "ValueError", f"top_k_accuracy(k={k}) for 3 classes")
    for k in (1, 3):
        number(f"top_k_accuracy(k={k}) for 3 classes",
               ctx.call("top_k_accuracy", scores, y, k, label=f"top_k_accuracy(k={k}) for 3 classes"))


# --- 2.5 ROC curve ------------------------------------------------------------------------------------------

ROC = Exercise("2.5", "ROC curve", ("roc_points",), 2)


def _roc(ctx, y, scores, label):
    return pair(ctx.call("roc_points", y, scores, label=label), label, 3, "(fpr, tpr, thresholds)")


@ROC.check("fpr, tpr and thresholds match the reference (distinct scores; many ties; float32 scores)")
def _(ctx):
    r = ctx.rng(95)
    cases = [(r.integers(0, 2, 40), r.standard_normal(40)),
             (r.integers(0, 2, 40), np.round(r.standard_normal(40), 0)),   # few distinct values
             (np.array([0, 1]), np.array([0.3, 0.7])),
             (np.array([1, 0]), np.array([0.3, 0.7])),
             (r.integers(0, 2, 20), r.standard_normal(20).astype(np.float32))]
    for k, (y, s) in enumerate(cases):
        y[:2] = [0, 1]
        fpr, tpr, thr = _roc(ctx, y, s, f"roc_points (case {k})")
        for name, value in (("fpr", fpr), ("tpr", tpr), ("thresholds", thr)):
            ctx.match(f"{name}/{k}", f"{name} for {len(y)} samples ({len(np.unique(s))} distinct "
                                     f"{s.dtype} scores)", value)


@ROC.check("the curve starts at (0, 0), ends at (1, 1) and never decreases")
def _(ctx):
    y, s = ctx.rng(96).integers(0, 2, 30), ctx.rng(97).standard_normal(30)
    y[:2] = [0, 1]
    fpr, tpr, thr = _roc(ctx, y, s, "roc_points")
    for name, v in (("fpr", fpr), ("tpr", tpr), ("thresholds", thr)):
        v = array(name, v)
        ctx.require(v.ndim == 1 and len(v) >= 2, f"{name} must be a 1-D array of at least 2 points, got shape {v.shape}")
    for name, v in (("fpr", fpr), ("tpr", tpr)):
        ctx.require(v[0] == 0 and v[-1] == 1, f"{name} must run from 0 to 1, got {v[0]} ... {v[-1]}")
        ctx.require(np.all(np.diff(v) >= 0), f"{name} must never decrease")
    ctx.require(np.isinf(thr[0]) and np.all(np.diff(thr[1:]) < 0),
                "thresholds must start at inf and then decrease strictly (one per distinct score)")


@ROC.check("only one class present (all positive, or all negative) raises a ValueError")
def _(ctx):
    for labels, what in ((np.ones(5, dtype=int), "positive"), (np.zeros(5, dtype=int), "negative")):
        ctx.expect_error("roc_points", (labels, np.arange(5.0)), "ValueError", f"roc_points with only {what} labels")


CHAPTER = Chapter("mlp", "Multilayer perceptrons", [SVM, BATCHNORM, MLP, TOPK, ROC])
