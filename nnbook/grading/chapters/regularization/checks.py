"""The checks of the chapter "Regularization" (exercises/regularization.py).

Each check stands alone; inputs come from ``ctx.rng``. Random exercises (the noise layer,
DropConnect, Monte-Carlo dropout, cutout) draw from seeds the grader chooses, in the order the
docstrings prescribe, so they are compared with recorded values; properties that need no
solution (means, norms, untouched pixels, restored modes) are checked as well, and the contract's
edges: nothing drawn in evaluation mode and no mask left over from training, sign(−0.0) = 0,
scores near 1000, float32 kept, 3-D inputs refused, squares larger than the image.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.chapters.backprop.checks import layer_outputs
from nnbook.grading.framework import (Chapter, CheckFailed, Exercise, array, kind,
                                      number, numerical_from, pair, perturbed, weighted_sums)
from nnbook.grading.prediction import prediction

# --- 4.1 elastic net ---------------------------------------------------------------------------------

ELASTIC = Exercise("4.1", "Elastic-net penalty", ("elastic_net",), 2,
    section="regularization/02_weight_decay", kind="implement", difficulty=1, minutes=20,
    task=("Compute the elastic-net penalty of a weight matrix and its gradient."),
    hints=("The penalty is a weighted sum of the L1 and L2 penalties of this section; so is its "
           "gradient.",
           "The gradient of Σ|w| is sign(w), with sign(0) = 0 (what `np.sign` gives); the "
           "gradient of ½ Σ w² is W.",
           "Validate λ and α first; return the penalty as a Python float and the gradient in "
           "W's dtype."))
ELASTIC_CASES = [((5, 4), 0.1, None, np.float64), ((3, 7), 0.02, 0.0, np.float64),
                 ((6, 2), 0.5, 1.0, np.float64), ((4, 4), 0.3, 0.25, np.float32)]


def _elastic_inputs(ctx, k, shape, dtype=np.float64):
    W = ctx.rng(40, k).standard_normal(shape).astype(dtype)
    W[0, 0] = 0                                           # sign(0) = 0
    return W


def _elastic(ctx, W, lam, alpha, label):
    args = (W, lam) if alpha is None else (W, lam, alpha)
    return pair(ctx.call("elastic_net", *args, label=label), label, what="(penalty, dW)")


@ELASTIC.check("penalty and dW match the reference (default α, α = 0, 1, 0.25; a zero weight; float32)", gate=True)
def _(ctx):
    for k, (shape, lam, alpha, dtype) in enumerate(ELASTIC_CASES):
        W = _elastic_inputs(ctx, k, shape, dtype)
        label = f"elastic_net(W {shape} {np.dtype(dtype)}, lam={lam}, alpha={alpha or 'default'})"
        penalty, dW = _elastic(ctx, W, lam, alpha, label)
        ctx.match(f"penalty/{k}", f"the penalty of {label}", number(label, penalty))
        ctx.match(f"dW/{k}", f"dW of {label}", array(f"dW of {label}", dW, shape, dtype))


@ELASTIC.check("dW agrees with numerical differentiation (no solution needed)")
def _(ctx):
    W = ctx.rng(45).standard_normal((3, 4)) + 0.5          # no entry within h of 0
    W[np.abs(W) < 0.1] = 0.3
    _, dW = _elastic(ctx, W, 0.2, 0.3, "elastic_net")
    h = 1e-6
    results = ctx.call_many("elastic_net", [(z, 0.2, 0.3) for z in perturbed(W, h)],
                            label="elastic_net on perturbed W")
    values = [number("the penalty from elastic_net", pair(v, "elastic_net")[0]) for v in results]
    ctx.agree_numerically("dW", dW, numerical_from(values, W.shape, h))


@ELASTIC.check("lam < 0, alpha < 0 and alpha > 1 raise a ValueError; lam = 0 does not (no penalty)")
def _(ctx):
    W = _elastic_inputs(ctx, 0, (2, 2))
    for args, what in (((W, -0.1), "lam = -0.1"), ((W, 0.1, -0.5), "alpha = -0.5"), ((W, 0.1, 1.5), "alpha = 1.5")):
        ctx.expect_error("elastic_net", args, "ValueError", f"elastic_net with {what}")
    penalty, dW = _elastic(ctx, W, 0.0, None, "elastic_net(W, lam=0)")
    ctx.require(number("the penalty for lam = 0", penalty) == 0 and np.all(array("dW for lam = 0", dW, W.shape) == 0),
                "elastic_net with lam = 0 (allowed: λ ≥ 0) must give the penalty 0 and dW of zeros")


@ELASTIC.check("W of any shape (1-D, 3-D); sign(−0.0) is 0 as well; float32 W gives a float32 dW")
def _(ctx):
    r = ctx.rng(46)
    for k, (shape, dtype) in enumerate((((7,), np.float64), ((2, 3, 4), np.float64), ((5,), np.float32))):
        W = r.standard_normal(shape).astype(dtype)
        W.flat[0], W.flat[-1] = 0.0, -0.0                 # a zero and a negative zero
        label = f"elastic_net(W {shape} {np.dtype(dtype)} with a 0 and a -0.0, lam=0.4, alpha=0.6)"
        penalty, dW = _elastic(ctx, W, 0.4, 0.6, label)
        ctx.match(f"shapes/penalty/{k}", f"the penalty of {label}", number(label, penalty))
        dW = array(f"dW of {label}", dW, shape, dtype)
        ctx.match(f"shapes/dW/{k}", f"dW of {label}", dW)
        ctx.require(dW.flat[0] == 0 and dW.flat[-1] == 0,
                    f"dW of {label} must be 0 where W is 0 or -0.0 (sign(0) = 0), got {dW.flat[0]} and {dW.flat[-1]}")


# --- 4.2 max-norm ------------------------------------------------------------------------------------

MAXNORM = Exercise("4.2", "Max-norm constraint", ("max_norm",), 2,
    section="regularization/02_weight_decay", kind="implement", difficulty=1, minutes=20,
    task=("Apply the max-norm constraint: scale back every unit's incoming weights whose norm "
          "exceeds c."),
    hints=("In nnbook's (D, M) layout the incoming weights of unit m are column m: take norms "
           "along axis 0.",
           "Each column gets the factor min(1, c / norm); a column within the bound, a zero "
           "column included, comes back exactly unchanged (do not divide by a zero norm).",
           "Multiply W by the (M,) factors by broadcasting into a new array, in W's dtype."))


def _maxnorm_inputs(ctx, k, shape=(6, 5), dtype=np.float64):
    W = ctx.rng(50, k).standard_normal(shape).astype(dtype)
    W[:, 0] *= 0.05                                        # a column well inside the ball
    W[:, -1] = 0                                           # a column of zeros
    return W


@MAXNORM.check("the result matches the reference (c = 1.5, 0.5, 3; float32)", gate=True)
def _(ctx):
    for k, (c, dtype) in enumerate(((1.5, np.float64), (0.5, np.float64), (3.0, np.float64), (1.0, np.float32))):
        W = _maxnorm_inputs(ctx, k, dtype=dtype)
        out = ctx.call("max_norm", W, c, label=f"max_norm(W, c={c})")
        ctx.match(f"out/{k}", f"max_norm(W {W.shape} {np.dtype(dtype)}, c={c})", array("max_norm", out, W.shape, dtype))


@MAXNORM.check("columns (units' incoming weights) end with norm ≤ c; those inside are unchanged; directions "
                "kept; a new array even when nothing changes")
def _(ctx):
    W = _maxnorm_inputs(ctx, 5, (8, 6))
    c = 1.2
    out = array("max_norm(W, 1.2)", ctx.call("max_norm", W, c, label="max_norm(W, 1.2)"), W.shape)
    norms, new = np.linalg.norm(W, axis=0), np.linalg.norm(out, axis=0)
    ctx.require(np.all(new <= c * (1 + 1e-9)), f"column norms after max_norm must be ≤ c = {c}, got "
                                               f"{np.round(new, 4).tolist()} (columns are the units)")
    inside = norms <= c
    ctx.run("regularization:scribble", "max_norm", (W, 100.0), {}, None,
            label="max_norm(W, c=100) (no column longer than c), then writing into its result "
                  "(is the result W itself or a view of it? return a new array)")
    ctx.require(np.array_equal(out[:, inside], W[:, inside]),
                "columns whose norm is already ≤ c must be left exactly as they are; " + MAXNORM.hint_ref(2))
    ctx.require(np.allclose(new[~inside], c), f"columns longer than c must be scaled to norm exactly c, got "
                                              f"{np.round(new[~inside], 4).tolist()}")
    ctx.require(np.allclose(out[:, ~inside] * norms[~inside], W[:, ~inside] * c),
                "a rescaled column must point in the same direction (multiply it by c / its norm)")


@MAXNORM.check("c ≤ 0 and a W that is not 2-D raise a ValueError")
def _(ctx):
    W = _maxnorm_inputs(ctx, 0)
    for args, what in (((W, 0.0), "c = 0"), ((W, -1.0), "c = -1"), ((W[0], 1.0), "a 1-D W")):
        ctx.expect_error("max_norm", args, "ValueError", f"max_norm with {what}")


@MAXNORM.check("a 3-D W raises a ValueError; a column of norm exactly c is kept; float32 W stays float32")
def _(ctx):
    W = _maxnorm_inputs(ctx, 6)
    ctx.expect_error("max_norm", (W[None], 1.0), "ValueError", "max_norm with a 3-D W")
    W = W.copy()
    W[:, 1] = np.array([3.0, 4.0, 0.0, 0.0, 0.0, 0.0])       # norm exactly 5
    out = array("max_norm(W, 5.0)", ctx.call("max_norm", W, 5.0, label="max_norm(W, 5.0)"), W.shape)
    ctx.require(np.array_equal(out[:, 1], W[:, 1]), "a column of norm exactly c = 5 must be left as it is")
    W32 = (3 * _maxnorm_inputs(ctx, 7)).astype(np.float32)
    out = ctx.call("max_norm", W32, 0.8, label="max_norm(W float32, 0.8)")
    ctx.match("float32", "max_norm(W float32, c=0.8)", array("max_norm(W float32, 0.8)", out, W32.shape, np.float32))


# --- 4.3 label smoothing -------------------------------------------------------------------------------

SMOOTH = Exercise("4.3", "Label-smoothing cross-entropy", ("label_smoothing_cross_entropy",), 2,
    section="regularization/03_early_stopping", kind="derive", difficulty=2, minutes=35,
    task=("Write the softmax cross-entropy against label-smoothed targets, and derive its "
          "gradient with respect to the scores."),
    hints=("Derive it as Backpropagation, section 2 derives the plain cross-entropy's gradient: "
           "write L = −(1/N) Σₙ Σⱼ tₙⱼ log pₙⱼ and use the local derivative "
           "∂ log pₙⱼ / ∂ sₙₖ = [j = k] − pₙₖ.",
           "Every row of t sums to 1; that is what makes the gradient collapse to a short "
           "expression in p and t.",
           "Compute log p stably (subtract each row's maximum before exponentiating); build t "
           "as ε/C everywhere plus 1 − ε at the true classes."))
SMOOTH_CASES = [(6, 4, None, np.float64), (10, 3, 0.0, np.float64), (1, 5, 0.3, np.float64), (8, 10, 0.2, np.float32)]


def _smooth_inputs(ctx, k, N, C, dtype=np.float64):
    r = ctx.rng(55, k)
    return (2 * r.standard_normal((N, C))).astype(dtype), r.integers(0, C, N)


def _smooth(ctx, scores, y, eps, label):
    args = (scores, y) if eps is None else (scores, y, eps)
    return pair(ctx.call("label_smoothing_cross_entropy", *args, label=label), label, what="(loss, dscores)")


@SMOOTH.check("loss and dscores match the reference (default ε, ε = 0, 0.3, 0.2; N = 1; float32)", gate=True)
def _(ctx):
    for k, (N, C, eps, dtype) in enumerate(SMOOTH_CASES):
        scores, y = _smooth_inputs(ctx, k, N, C, dtype)
        label = f"label_smoothing_cross_entropy(N={N}, C={C}, eps={eps if eps is not None else 'default'})"
        loss, d = _smooth(ctx, scores, y, eps, label)
        ctx.match(f"loss/{k}", f"the loss of {label}", number(label, loss))
        ctx.match(f"dscores/{k}", f"dscores of {label}", array(f"dscores of {label}", d, scores.shape, dtype))


@SMOOTH.check("dscores agrees with numerical differentiation; scores of ±1000 give a finite loss")
def _(ctx):
    scores, y = _smooth_inputs(ctx, 7, 4, 3)
    _, d = _smooth(ctx, scores, y, 0.2, "label_smoothing_cross_entropy")
    h = 1e-6
    results = ctx.call_many("label_smoothing_cross_entropy", [(z, y, 0.2) for z in perturbed(scores, h)],
                            label="label_smoothing_cross_entropy on perturbed scores")
    values = [number("the loss", pair(v, "label_smoothing_cross_entropy")[0]) for v in results]
    ctx.agree_numerically("dscores", d, numerical_from(values, scores.shape, h))
    big = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 500.0]])
    loss, d = _smooth(ctx, big, np.array([0, 2]), 0.1, "label_smoothing_cross_entropy with scores ±1000")
    number("the loss for scores ±1000", loss)
    ctx.require(np.all(np.isfinite(array("dscores for scores ±1000", d, big.shape))),
                "dscores for scores ±1000 contains inf or nan: subtract each row's maximum first; "
                + SMOOTH.hint_ref(3))
    ctx.match("big_loss", "the loss for scores ±1000", float(loss))


@SMOOTH.check("ε outside [0, 1) raises a ValueError")
def _(ctx):
    scores, y = _smooth_inputs(ctx, 0, 3, 3)
    for eps in (-0.1, 1.0):
        ctx.expect_error("label_smoothing_cross_entropy", (scores, y, eps), "ValueError",
                         f"label_smoothing_cross_entropy with eps = {eps}")


@SMOOTH.check("float32 scores near 1000 give a finite loss and float32 dscores matching the reference; a class "
              "with probability ≈ 0 (scores −1000 apart) counts with ε/C")
def _(ctx):
    r = ctx.rng(57)
    scores = (1000 + 5 * r.standard_normal((4, 5))).astype(np.float32)
    y = r.integers(0, 5, 4)
    loss, d = _smooth(ctx, scores, y, 0.1, "label_smoothing_cross_entropy(float32 scores near 1000)")
    ctx.match("near1000/loss", "the loss for float32 scores near 1000", number("the loss", loss), rtol=1e-5)
    ctx.match("near1000/dscores", "dscores for float32 scores near 1000", array("dscores", d, scores.shape, np.float32))
    far = np.array([[0.0, -1000.0, 1.0], [30.0, 0.0, -1000.0]])
    loss, d = _smooth(ctx, far, np.array([0, 0]), 0.3, "label_smoothing_cross_entropy with a score 1000 below the rest")
    ctx.match("far/loss", "the loss with a score 1000 below the others (log p ≈ −1000 there, not log 0)",
              number("the loss", loss))
    ctx.match("far/dscores", "dscores with a score 1000 below the others", array("dscores", d, far.shape))


# --- 4.4 Gaussian-noise layer ---------------------------------------------------------------------------

NOISE = Exercise("4.4", "Gaussian-noise layer", ("GaussianNoiseLayer",), 2,
    section="regularization/05_augmentation", kind="implement", difficulty=1, minutes=15,
    task=("Write a layer that adds Gaussian noise in training mode and is the identity in "
          "evaluation mode."),
    hints=("Check `self.training`: in evaluation mode return x (or a copy) and draw nothing.",
           "Draw the noise with exactly `self.rng.standard_normal(x.shape)`, once per forward "
           "call, so a seed gives the reference's noise; cast the result to x's dtype.",
           "The noise does not depend on x: what does that make the local derivative? Return a "
           "new array, not dout itself."))


def _noise(ctx, steps, std, seed, label, dtype=np.float64):
    return layer_outputs(ctx, "GaussianNoiseLayer", steps, {"rng": seed}, label, init=(std,))[0]


@NOISE.check("training-mode outputs match the reference (two forwards in a row, new noise each; float32)", gate=True)
def _(ctx):
    for k, (std, dtype) in enumerate(((0.5, np.float64), (2.0, np.float32))):
        x = ctx.rng(60, k).standard_normal((4, 3)).astype(dtype)
        out1, out2 = _noise(ctx, [("forward", x), ("forward", x)], std, 11 + k,
                            f"GaussianNoiseLayer({std}, rng={11 + k})")
        out1, out2 = array("the first output", out1, x.shape, dtype), array("the second output", out2, x.shape, dtype)
        ctx.require(not np.array_equal(out1, out2), "two forward passes gave the same noise: draw new noise "
                                                    "from self.rng in every forward")
        ctx.match(f"out1/{k}", f"the first forward of GaussianNoiseLayer({std})", out1)
        ctx.match(f"out2/{k}", f"the second forward of GaussianNoiseLayer({std})", out2)


@NOISE.check("the noise has mean 0 and standard deviation σ (no solution needed); backward is dout")
def _(ctx):
    x = np.zeros((200, 100))
    dout = ctx.rng(62).standard_normal((200, 100))
    out, dx = _noise(ctx, [("forward", x), ("backward", dout)], 0.3, 5, "GaussianNoiseLayer(0.3)")
    out = array("GaussianNoiseLayer.forward", out, x.shape)
    ctx.require(abs(out.mean()) < 0.01 and abs(out.std() - 0.3) < 0.01,
                f"noise of std 0.3 should have mean ≈ 0 and std ≈ 0.3, got mean {out.mean():.4f}, std {out.std():.4f}")
    dx = array("GaussianNoiseLayer.backward", dx, x.shape)
    ctx.require(np.allclose(dx, dout), "backward's dx is wrong (does the noise depend on x?); " + NOISE.hint_ref(3))


@NOISE.check("evaluation mode returns the input unchanged; σ < 0 raises a ValueError, σ = 0 (no noise) does not")
def _(ctx):
    x = ctx.rng(63).standard_normal((5, 4))
    out, dx = _noise(ctx, [("eval",), ("forward", x), ("backward", x)], 1.0, 3, "GaussianNoiseLayer in eval mode")[1:]
    ctx.require(np.array_equal(array("forward in eval mode", out, x.shape), x),
                "in evaluation mode the layer must return its input unchanged (no noise)")
    ctx.expect_error("GaussianNoiseLayer", (), "ValueError", "GaussianNoiseLayer(-1.0)", task="layer",
                     task_args=("GaussianNoiseLayer", (-1.0,), {}, {}, []))
    out, = _noise(ctx, [("forward", x)], 0.0, 3, "GaussianNoiseLayer(0.0) in training mode")
    ctx.require(np.array_equal(array("GaussianNoiseLayer(0.0).forward", out, x.shape), x),
                "GaussianNoiseLayer(0.0) (σ = 0 is allowed) must return its input unchanged")


@NOISE.check("evaluation mode draws no noise (a training forward after an eval forward matches the reference); "
             "the noise is drawn for every sample")
def _(ctx):
    x = ctx.rng(64).standard_normal((6, 3))
    results = _noise(ctx, [("eval",), ("forward", x), ("train",), ("forward", x)], 0.7, 21,
                     "GaussianNoiseLayer: a forward in eval mode, then one in training mode")
    ctx.match("after_eval", "the training-mode output after an eval-mode forward (does the eval-mode forward draw "
                            "from self.rng? it must not)", array("the training-mode output", results[3], x.shape))
    z = np.zeros((50, 4))
    out, = _noise(ctx, [("forward", z)], 1.0, 22, "GaussianNoiseLayer(1.0).forward(zeros)")
    out = array("GaussianNoiseLayer(1.0).forward(zeros)", out, z.shape)
    ctx.require(not np.allclose(out, out[:1]), "every sample must get its own noise (draw it with x's full shape)")


# --- 4.5 Monte-Carlo dropout -------------------------------------------------------------------------------

MCDROP = Exercise("4.5", "Monte-Carlo dropout", ("mc_dropout_predict",), 2,
    section="regularization/04_dropout", kind="implement", difficulty=2, minutes=25,
    task=("Compute the Monte-Carlo dropout prediction of a model: the mean and spread of K "
          "stochastic passes, leaving the model's mode as it was."),
    hints=("Remember `model.training` first, call `model.train()`, and restore the mode at the "
           "end in a `try`/`finally`, so that an exception restores it too.",
           "Stack the K softmax outputs into a (K, N, C) array and reduce over axis 0.",
           "`np.std` divides by K by default, as asked; K must be a positive integer (not a "
           "bool, not a float)."))


def _mc_params(ctx, k, D=5, H=16, C=4):
    r = ctx.rng(70, k)
    return {"0.W": r.standard_normal((D, H)) / np.sqrt(D), "0.b": 0.1 * r.standard_normal(H),
            "3.W": r.standard_normal((H, C)) / np.sqrt(H), "3.b": 0.1 * r.standard_normal(C)}, r.standard_normal((6, D))


def _mc(ctx, params, X, K, p, training, label):
    result, mode = pair(ctx.run("regularization:mc_dropout", "mc_dropout_predict", params, X, K, p, training,
                                label=label), label)
    mean, std = pair(result, label, what="(mean, std)")
    N, C = X.shape[0], params["3.W"].shape[1]
    return array(f"the mean from {label}", mean, (N, C)), array(f"the std from {label}", std, (N, C)), mode


@MCDROP.check("mean and std of K passes match the reference (K = 1, 5, 30; p = 0.5, 0.2)", gate=True)
def _(ctx):
    for k, (K, p) in enumerate(((1, 0.5), (5, 0.5), (30, 0.2))):
        params, X = _mc_params(ctx, k)
        mean, std, _ = _mc(ctx, params, X, K, p, False, f"mc_dropout_predict(K={K}, p={p})")
        ctx.match(f"mean/{k}", f"the predictive mean for K={K}, p={p}", mean)
        ctx.match(f"std/{k}", f"the predictive std for K={K}, p={p}", std)


@MCDROP.check("probabilities: each mean row sums to 1; with p = 0 the std is 0 and the mean is softmax of one pass")
def _(ctx):
    params, X = _mc_params(ctx, 3)
    mean, std, _ = _mc(ctx, params, X, 10, 0.5, False, "mc_dropout_predict(K=10)")
    ctx.require(np.allclose(mean.sum(axis=1), 1), "each row of the mean must sum to 1: average the softmax "
                                                   f"probabilities, not the scores (row sums {np.round(mean.sum(1), 3).tolist()})")
    ctx.require(np.all(std > 0), "with p = 0.5 the passes differ, so the std must be > 0: is dropout on (model.train())?")
    mean0, std0, _ = _mc(ctx, params, X, 4, 0.0, False, "mc_dropout_predict(K=4, p=0)")
    h = np.maximum(X @ params["0.W"] + params["0.b"], 0) @ params["3.W"] + params["3.b"]
    e = np.exp(h - h.max(axis=1, keepdims=True))
    ctx.require(np.allclose(std0, 0) and np.allclose(mean0, e / e.sum(axis=1, keepdims=True)),
                "with p = 0 every pass is the same: the std must be 0 and the mean softmax(model.forward(X))")


@MCDROP.check("the model's mode is restored (eval stays eval, train stays train); K < 1 raises a ValueError")
def _(ctx):
    params, X = _mc_params(ctx, 4)
    for training in (False, True):
        *_, mode = _mc(ctx, params, X, 3, 0.5, training, "mc_dropout_predict")
        ctx.require(mode is training, f"a model in {'training' if training else 'evaluation'} mode was left in "
                                      f"{'training' if mode else 'evaluation'} mode: restore model.training; "
                                      + MCDROP.hint_ref(1))
    ctx.expect_error("mc_dropout_predict", (), "ValueError", "mc_dropout_predict with K = 0",
                     task="regularization:mc_dropout", task_args=("mc_dropout_predict", params, X, 0, 0.5, False))


@MCDROP.check("the std measures the spread of the probabilities over the passes (no solution needed)")
def _(ctx):
    params, X = _mc_params(ctx, 5)
    mean, std, _ = _mc(ctx, params, X, 8, 0.5, False, "mc_dropout_predict(K=8)")
    ctx.require(np.all(std <= 0.5 + 1e-12) and np.all(mean >= 0) and np.all(mean <= 1),
                "the mean must be probabilities in [0, 1] and their std at most 0.5 (std of values in [0, 1]): "
                "average softmax(scores) over the passes, each row a distribution")
    ctx.require(np.all(std <= np.sqrt(mean * (1 - mean)) + 1e-12),
                "a std larger than √(mean·(1 − mean)) cannot come from probabilities: take np.std of the "
                "softmax probabilities over the K passes (axis 0, dividing by K)")


# --- 4.6 DropConnect -----------------------------------------------------------------------------------------

DROPCONNECT = Exercise("4.6", "DropConnect", ("DropConnect",), 3,
    section="regularization/04_dropout", kind="derive", difficulty=3, minutes=45,
    task=("Write a linear layer that drops weights with a fresh mask at every training forward "
          "pass, and derive its backward pass through the masked weights."),
    hints=("In training mode the layer is an ordinary linear layer with W̃ in place of W; its "
           "gradients with respect to x and to W̃ are those of `Linear`.",
           "W̃ is an elementwise function of W: what is ∂W̃ᵢⱼ/∂Wᵢⱼ for a kept weight, and for a "
           "dropped one?",
           "Cache x and the mask (none in evaluation mode) in forward; in backward add into "
           "W.grad and b.grad with `+=`, and return dx computed with the weights forward used."))


def _dc_inputs(ctx, k, N=5, D=4, M=3, dtype=np.float64):
    r = ctx.rng(80, k)
    params = {"W": r.standard_normal((D, M)).astype(dtype), "b": r.standard_normal(M).astype(dtype)}
    return params, r.standard_normal((N, D)).astype(dtype), r.standard_normal((N, M)).astype(dtype)


def _dc(ctx, params, steps, p, label):
    D, M = params["W"].shape
    results, final = layer_outputs(ctx, "DropConnect", steps, {"rng": 9}, label, params=params, init=(D, M, p))
    if type(final) is not dict or set(final) != {"W", "b"}:
        raise CheckFailed(f"{label}: DropConnect's parameters should be W and b, found "
                          f"{sorted(final) if type(final) is dict else kind(final)}")
    return (results, array(f"W.grad of {label}", pair(final["W"], label)[1], (D, M)),
            array(f"b.grad of {label}", pair(final["b"], label)[1], (M,)))


@DROPCONNECT.check("training mode: out, dx, W.grad and b.grad match the reference (p = 0.5, 0.3; float32)", gate=True)
def _(ctx):
    for k, (p, dtype) in enumerate(((0.5, np.float64), (0.3, np.float64), (0.5, np.float32))):
        params, x, dout = _dc_inputs(ctx, k, dtype=dtype)
        (out, dx), dW, db = _dc(ctx, params, [("forward", x), ("backward", dout)], p, f"DropConnect(p={p})")
        where = f"DropConnect(4, 3, p={p}) in training mode ({np.dtype(dtype)})"
        ctx.match(f"out/{k}", f"out of {where}", array(f"out of {where}", out, dout.shape))
        ctx.match(f"dx/{k}", f"dx of {where}", dx)
        ctx.match(f"dW/{k}", f"W.grad of {where}", dW)
        ctx.match(f"db/{k}", f"b.grad of {where}", db)


@DROPCONNECT.check("evaluation mode is x W + b with exact gradients (numerical check) and draws no mask; "
                   "p = 0 in training is Linear")
def _(ctx):
    params, x, dout = _dc_inputs(ctx, 4)
    (_, out, dx), _, _ = _dc(ctx, params, [("eval",), ("forward", x), ("backward", dout)], 0.5, "DropConnect in eval mode")
    ctx.require(np.allclose(array("out in eval mode", out, dout.shape), x @ params["W"] + params["b"]),
                "in evaluation mode DropConnect must compute x W + b (no mask, no scaling)")
    h = 1e-6
    outs = _dc(ctx, params, [("eval",)] + [("forward", z) for z in perturbed(x, h)], 0.5,
               "DropConnect.forward on perturbed inputs")[0][1:]
    ctx.agree_numerically("dx in eval mode", dx, numerical_from(weighted_sums("DropConnect.forward", outs, dout), x.shape, h))
    results, _, _ = _dc(ctx, params, [("eval",), ("forward", x), ("train",), ("forward", x)], 0.5,
                        "DropConnect: a forward in eval mode, then one in training mode")
    ctx.match("after_eval/out", "the training-mode output after an eval-mode forward (does the eval-mode forward "
                                "draw a mask from self.rng? it must not)", results[3])
    (out0, _), dW0, _ = _dc(ctx, params, [("forward", x), ("backward", dout)], 0.0, "DropConnect(p=0)")
    ctx.require(np.allclose(out0, x @ params["W"] + params["b"]) and np.allclose(dW0, x.T @ dout),
                "with p = 0 nothing is dropped: DropConnect must equal Linear in training mode too")


@DROPCONNECT.check("the mask: dropped weights get no gradient, kept ones scaled by 1/(1 − p); gradients accumulate")
def _(ctx):
    params, x, dout = _dc_inputs(ctx, 5)
    (_, _, _), dW2, db2 = _dc(ctx, params, [("forward", x), ("backward", dout), ("backward", dout)], 0.5,
                              "DropConnect, backward twice")
    (_, _), dW, db = _dc(ctx, params, [("forward", x), ("backward", dout)], 0.5, "DropConnect")
    ctx.require(np.allclose(dW2, 2 * dW) and np.allclose(db2, 2 * db),
                "after two backward passes W.grad and b.grad must be twice those of one: add with +=; "
                + DROPCONNECT.hint_ref(3))
    full = x.T @ dout
    ratio = np.divide(dW, full, out=np.full_like(full, np.nan), where=np.abs(full) > 1e-9)
    ok = np.isclose(ratio, 0) | np.isclose(ratio, 2.0)
    ctx.require(np.all(ok[np.abs(full) > 1e-9]),
                "W.grad is wrong where a weight was dropped or kept: each entry must be 0 for a dropped "
                "weight, and scaled the way forward scaled the weight for a kept one; " + DROPCONNECT.hint_ref(2))


@DROPCONNECT.check("after a training forward, an eval-mode forward and backward use no mask (none stale): "
                   "dx = dout Wᵀ, W.grad = xᵀ dout")
def _(ctx):
    params, x, dout = _dc_inputs(ctx, 6)
    results, dW, db = _dc(ctx, params, [("forward", x), ("eval",), ("forward", x), ("backward", dout)], 0.5,
                          "DropConnect: a training forward, then eval mode: forward and backward")
    out, dx = array("out in eval mode", results[2], dout.shape), array("dx in eval mode", results[3], x.shape)
    W, b = params["W"], params["b"]
    ctx.require(np.allclose(out, x @ W + b), "in evaluation mode out must be x W + b, even after a training forward")
    ctx.require(np.allclose(dx, dout @ W.T) and np.allclose(dW, x.T @ dout) and np.allclose(db, dout.sum(0)),
                "the backward after an eval-mode forward must use W itself (no mask, no 1/(1 − p)): is the mask "
                "of the last training forward still used?")
    (out, dx), dW, _ = _dc(ctx, params, [("forward", x), ("backward", dout)], 0.25, "DropConnect(p=0.25)")
    ctx.match("p25/out", "out of DropConnect(p=0.25) in training mode", array("out", out, dout.shape))
    ctx.match("p25/dx", "dx of DropConnect(p=0.25) in training mode", dx)
    ctx.match("p25/dW", "W.grad of DropConnect(p=0.25) in training mode", dW)


# --- 4.7 cutout -------------------------------------------------------------------------------------------------

CUTOUT = Exercise("4.7", "Cutout", ("cutout",), 2,
    section="regularization/05_augmentation", kind="implement", difficulty=2, minutes=30,
    task=("Write cutout augmentation: a random square of every image set to zero, clipped at "
          "the borders."),
    hints=("Draw the centres with one call each, cy first and then cx: the order of the draws "
           "is part of the specification.",
           "Build boolean masks: the rows inside the square for each image (N, H), the columns "
           "(N, W), and combine them by broadcasting into (N, H, W).",
           "Masks clip for free: rows outside 0..H−1 simply never match. Apply the hole to "
           "every channel with `np.where` into a new array."))


def _cut(ctx, X, size, seed, label):
    return ctx.run("regularization:with_generator", "cutout", (X, size), {}, seed, label=label)


@CUTOUT.check("the result matches the reference (size 3, 4, 1; squares at the border; float32)", gate=True)
def _(ctx):
    for k, (shape, size, dtype) in enumerate((((6, 2, 7, 7), 3, np.float64), ((8, 1, 6, 5), 4, np.float64),
                                              ((3, 3, 4, 4), 1, np.float32))):
        X = (ctx.rng(90, k).random(shape) + 0.5).astype(dtype)
        out = array(f"cutout(size={size})", _cut(ctx, X, size, 20 + k, f"cutout(size={size})"), shape, dtype)
        ctx.match(f"out/{k}", f"cutout of images {shape} with size {size}", out)


@CUTOUT.check("only zeros are introduced, the same square in every channel, at most size² pixels; size 0 changes "
              "nothing (and still returns a new array)")
def _(ctx):
    X = ctx.rng(95).random((20, 3, 8, 8)) + 0.5            # no zeros to begin with
    out = array("cutout(size=3)", _cut(ctx, X, 3, 4, "cutout(size=3)"), X.shape)
    zero = out == 0
    ctx.require(np.array_equal(out[~zero], X[~zero]), "pixels outside the square must be left unchanged")
    ctx.require(np.all(zero == zero[:, :1]), "the square must be the same in every channel of an image")
    counts = zero[:, 0].sum(axis=(1, 2))
    ctx.require(np.all(counts <= 9) and np.all(counts >= 2),
                f"each image should lose a square of at most 3 × 3 pixels (clipped at the border), "
                f"lost {sorted(set(counts.tolist()))}")
    out0 = array("cutout(size=0)", _cut(ctx, X, 0, 4, "cutout(size=0)"), X.shape)
    ctx.require(np.array_equal(out0, X), "size 0 must change nothing")
    ctx.run("regularization:scribble", "cutout", (X, 0), {}, 4,
            label="cutout(X, size=0), then writing into its result (is the result X itself? return a new array)")


@CUTOUT.check("X that is not (N, C, H, W) and a negative size raise a ValueError")
def _(ctx):
    X = ctx.rng(96).random((2, 1, 4, 4))
    for args, what in (((X[0], 2), "a 3-D X"), ((X, -1), "size = -1")):
        ctx.expect_error("cutout", (), "ValueError", f"cutout with {what}", task="regularization:with_generator",
                         task_args=("cutout", args, {}, 0))


@CUTOUT.check("a square larger than the image blanks all of it; even sizes reach size // 2 above the centre; "
              "float32 stays float32")
def _(ctx):
    X = ctx.rng(97).random((3, 2, 5, 6)) + 0.5
    out = array("cutout(size=20)", _cut(ctx, X, 20, 5, "cutout(X of 5 × 6 images, size=20)"), X.shape)
    ctx.require(np.all(out == 0), "a 20 × 20 square centred anywhere in a 5 × 6 image covers all of it")
    X = (ctx.rng(98).random((12, 1, 9, 9)) + 0.5).astype(np.float32)
    for k, size in enumerate((2, 6)):
        out = array(f"cutout(size={size})", _cut(ctx, X, size, 30 + k, f"cutout(size={size})"), X.shape, np.float32)
        ctx.match(f"even/{k}", f"cutout of float32 images with the even size {size}", out)


# --- 4.8 dropout, debugged -----------------------------------------------------------------------------------

DROPOUT = Exercise(
    "4.8", "Inverted dropout, debugged", ("dropout",), 2, section="regularization/04_dropout", kind="debug",
    difficulty=1, minutes=15,
    task="The given dropout function drops the right entries and is the identity in evaluation, but a "
         "network trained with it sees activations of another size at test time. Find the bug and fix it.",
    hints=("Feed it a large array of ones with p = 0.5 in training mode: what mean comes out, and what "
           "should it be so that evaluation (the identity) sees the same scale?",
           "Section \"Inverted dropout\" computes the expectation of out_i from the mask's probability: "
           "which factor makes it equal to x_i?",
           "Only the training branch's return line needs to change: the kept entries must be scaled "
           "by one number that depends on p (draw the mask exactly as given)."))


def _dropout(ctx, x, p, train, seed, label):
    return ctx.run("regularization:with_generator", "dropout", (x, p), {"train": train}, seed, label=label)


@DROPOUT.check("training-mode output matches the reference (p = 0.5, 0.25, 0.9; 2-D and 4-D x; float32)",
               gate=True)
def _(ctx):
    for k, (shape, p, dtype) in enumerate((((20, 30), 0.5, np.float64), ((4, 3, 5, 5), 0.25, np.float64),
                                           ((50, 8), 0.9, np.float64), ((16, 10), 0.5, np.float32))):
        x = ctx.rng(400, k).standard_normal(shape).astype(dtype)
        label = f"dropout(x, p={p}, train=True) for x {shape} ({np.dtype(dtype)})"
        ctx.match(f"out/{k}", label, _dropout(ctx, x, p, True, 30 + k, label))


@DROPOUT.check("the expected activation is kept: over 200,000 ones the mean stays 1 and kept entries are "
               "1/(1 − p) (no solution needed); evaluation returns a copy of x", gate=True)
def _(ctx):
    ones = np.ones((400, 500))
    for p in (0.2, 0.6):
        out = array(f"dropout(ones, p={p}, train=True)", _dropout(ctx, ones, p, True, 40, "dropout"), ones.shape)
        kept = out != 0
        ctx.require(abs(kept.mean() - (1 - p)) < 0.01,
                    f"with p = {p} about {1 - p:.0%} of the entries must be kept, got {kept.mean():.1%}")
        ctx.require(np.allclose(out[kept], 1 / (1 - p)) and abs(out.mean() - 1) < 0.02,
                    f"with p = {p} the mean of the output must stay 1 (the input's), got {out.mean():.3f} "
                    f"({DROPOUT.hint_ref(2)})")
    x = ctx.rng(405).standard_normal((6, 7))
    out = array("dropout(x, p=0.5, train=False)", _dropout(ctx, x, 0.5, False, 41, "dropout in evaluation"),
                x.shape, x.dtype)
    ctx.require(np.array_equal(out, x), "in evaluation (train=False) dropout must return x unchanged")
    ctx.run("regularization:scribble", "dropout", (x, 0.5), {"train": False}, 41,
            label="dropout(x, train=False), then writing into its result (is the result x itself? "
                  "return a copy)")


# --- 4.9 what dropout leaves --------------------------------------------------------------------------------

DROPOUT_STATS = Exercise(
    "4.9", "Predict: what dropout leaves", ("predict_dropout_statistics",), 1,
    section="regularization/04_dropout", kind="predict", difficulty=2, minutes=20,
    task="Before measuring: predict the fraction of zeros and the mean of Dropout(p = 0.25) applied in "
         "training mode to ReLU(z), z ~ N(0, 1).",
    hints=("An entry of the output is zero when either stage zeroes it: how often does a ReLU of a "
           "standard normal give 0, and how often does dropout drop an entry? The two are independent.",
           "Inverted dropout keeps the expectation of what enters it, so the mean is E[max(z, 0)] for "
           "z ~ N(0, 1): half of the mean of |z|.",
           "E[max(z, 0)] = ∫₀^∞ z φ(z) dz with φ the standard normal density, and z φ(z) = −φ'(z). "
           "Check both numbers with a million samples and nnbook.layers.Dropout."))


def _dropout_stats(ctx):
    return pair(ctx.call("predict_dropout_statistics"), "predict_dropout_statistics", 2, "(zero_fraction, mean)")


@DROPOUT_STATS.check("the expected fraction of zeros is right within 0.01", gate=True)
def _(ctx):
    prediction(ctx, "zeros", "the expected fraction of zeros", _dropout_stats(ctx)[0], atol=0.01,
               hint=DROPOUT_STATS.hint_ref(1))


@DROPOUT_STATS.check("the expected mean is right within 2 %", gate=True)
def _(ctx):
    prediction(ctx, "mean", "the expected mean of the output", _dropout_stats(ctx)[1], rtol=0.02,
               hint=DROPOUT_STATS.hint_ref(2))


CHAPTER = Chapter("regularization", "Regularization",
                  [ELASTIC, MAXNORM, SMOOTH, NOISE, MCDROP, DROPCONNECT, CUTOUT, DROPOUT, DROPOUT_STATS])
