"""The checks of the chapter "Multilayer perceptrons" (exercises/mlp.py).

Each check stands alone (forward checks never call backward); inputs come from ``ctx.rng`` and
reach every branch of the reference: margins exactly met, batches missing classes, ties, the
defaults of optional arguments, both sides of each threshold.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import (Chapter, CheckFailed, Exercise, Strided, agree_numerically,
                                      array, check_param_gradients, kind, loss_and_grads,
                                      match_loss_and_grads, number, numerical_from, pair, perturbed)
from nnbook.grading.prediction import prediction


def _labels(r: np.random.Generator, N: int, C: int, missing: bool = False) -> np.ndarray:
    """Random labels; with ``missing``, class C-1 never occurs (a batch missing a class)."""
    return r.integers(0, C - 1 if missing and C > 2 else C, N)


# --- 2.1 SVM loss -----------------------------------------------------------------------------------

SVM = Exercise("2.1", "SVM (hinge) loss", ("svm_loss",), 2,
    section="mlp/01_digits", kind="derive", difficulty=2, minutes=35,
    task=("Write the multiclass SVM (hinge) loss, and derive and implement its gradient with "
          "respect to the scores, vectorised."),
    hints=("Each term max(0, s_nj − s_nyₙ + Δ) depends on two scores only. Where it is "
           "positive, differentiate it with respect to each of them; where it is 0, it "
           "contributes nothing.",
           "Build the (N, C) matrix of margins by broadcasting and set the true-class entries "
           "to 0 (the sum skips j = yₙ); count the positive entries of each row.",
           "dscores is the indicator of the violated margins, with each row's true-class entry "
           "replaced by minus that row's count, all divided by N, in the scores' dtype."))
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
           "exactly; batches missing a class)", gate=True)
def _(ctx):
    for k, (N, C, margin, missing) in enumerate(SVM_CASES):
        scores, y = _svm_inputs(ctx, k, N, C, margin, missing)
        loss, _ = _svm(ctx, scores, y, margin, f"svm_loss (N={N}, C={C})")
        ctx.match(f"loss/{k}", f"the loss for N={N}, C={C}, margin={margin or 'default'}", loss)


@SVM.check("dscores matches the reference (the same cases; float32 and a non-contiguous view)", gate=True)
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
    ctx.agree_numerically("dscores", d, numerical_from(values, scores.shape, h))


# --- 2.2 the parameter count of an MLP -------------------------------------------------------------------

PARAMETERS = Exercise(
    "2.2", "Predict: the size of an MLP", ("predict_mlp_parameters",), 1, section="mlp/01_digits",
    kind="predict", difficulty=1, minutes=10,
    task="Before building it: predict how many numbers the optimizer updates in an MLP 784 → 256 → "
         "128 → 10 (two ReLU hidden layers).",
    hints=("Only the Linear layers have parameters; a ReLU has none. List the parameters of one "
           "Linear(a, b): what shapes do they have?",
           "Linear(a, b) holds a weight matrix W of shape (a, b) and a bias b of shape (b,): one bias "
           "per output unit, not per input.",
           "Add a·b + b over the three layers (784, 256), (256, 128) and (128, 10). Check your number "
           "afterwards with sum(p.value.size for p in model.parameters().values())."))


@PARAMETERS.check("the number of parameters is exact (a Python int)", gate=True)
def _(ctx):
    value = ctx.call("predict_mlp_parameters")
    prediction(ctx, "count", "the number of parameters of the MLP 784 → 256 → 128 → 10", value,
               integer=True, hint=PARAMETERS.hint_ref(2))


# --- 2.3 deep MLP ------------------------------------------------------------------------------------------

MLP = Exercise("2.3", "MLP of any depth", ("mlp_loss",), 4,
    section="mlp/01_digits", kind="implement", difficulty=3, minutes=60,
    task=("Write the loss and every gradient of a ReLU network of any depth, given as a dict of "
          "parameters, with an L2 penalty on the weights."),
    hints=("Read L from the parameters (two per layer). In the forward pass keep every layer's "
           "activation: the backward pass needs them.",
           "The last layer has no ReLU. The penalty (λ/2) Σ‖W‖² adds λW to each weight's "
           "gradient and nothing to the biases'.",
           "Backward is one loop from layer L down to 1 reusing the two-layer network's "
           "gradients (Backpropagation, section 2); before layer l < L, pass the gradient "
           "through that layer's ReLU."))


def _mlp_inputs(ctx, k: int, sizes=(4, 6, 5, 3), N: int = 7, dtype=np.float64, missing=False):
    r = ctx.rng(80, k)
    params = {}
    for layer, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = (r.standard_normal((a, b)) / np.sqrt(a)).astype(dtype)
        params[f"b{layer}"] = (0.1 * r.standard_normal(b)).astype(dtype)
    return params, r.standard_normal((N, sizes[0])).astype(dtype), _labels(r, N, sizes[-1], missing)


MLP_CASES = [((4, 3), 5, 0.0), ((4, 6, 3), 5, 0.1), ((4, 6, 5, 3), 7, 0.05), ((4, 6, 5, 3), 1, None),
             ((4, 5, 5, 5, 5, 3), 6, 0.02)]


@MLP.check("scores (y omitted) match the reference (depth 1, 2, 3 and 5)", gate=True)
def _(ctx):
    for k, (sizes, N, _) in enumerate(MLP_CASES):
        params, X, _ = _mlp_inputs(ctx, k, sizes, N)
        scores = ctx.call("mlp_loss", params, X, label=f"mlp_loss(params, X) (depth {len(sizes) - 1})")
        ctx.match(f"scores/{k}", f"scores of a depth-{len(sizes) - 1} network", scores)


@MLP.check("loss and gradients match the reference (depth 1-5; N = 1; reg default and others; "
           "batches missing a class)", gate=True)
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

TOPK = Exercise("2.4", "Top-k accuracy", ("top_k_accuracy",), 1,
    section="mlp/01_digits", kind="implement", difficulty=1, minutes=15,
    task=("Compute the top-k accuracy of a batch of scores, with ties resolved in the sample's "
          "favour."),
    hints=("No sorting needed: sample n counts when fewer than k classes score strictly higher "
           "than its true class.",
           "Pick each row's true score with `scores[np.arange(N), y]`, compare it with the "
           "whole row by broadcasting, and count per row.",
           "Validate k first (a ValueError naming k and C), and return a Python float."))


@TOPK.check("matches the reference for k = 1, 3, C and the default k (random scores, some tied)", gate=True)
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

ROC = Exercise("2.5", "ROC curve", ("roc_points",), 2,
    section="mlp/03_moons_roc", kind="implement", difficulty=2, minutes=35,
    task=("Compute every point of a binary classifier's ROC curve, one per distinct score, with "
          "tied scores moving together."),
    hints=("Sort the samples by decreasing score. Lowering the threshold past a sample adds it "
           "to the true or the false positives: cumulative sums give both counts.",
           "Samples with equal scores must enter together: keep only the last position of each "
           "run of equal sorted scores.",
           "Check that both classes are present, divide by the numbers of positives and "
           "negatives, and prepend the point (0, 0) with the threshold +inf."))


def _roc(ctx, y, scores, label):
    return pair(ctx.call("roc_points", y, scores, label=label), label, 3, "(fpr, tpr, thresholds)")


@ROC.check("fpr, tpr and thresholds match the reference (distinct scores; many ties; float32 scores)", gate=True)
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


# --- 2.6 the confusion matrix, debugged ------------------------------------------------------------------

CONFUSION = Exercise(
    "2.6", "Confusion matrix, debugged", ("confusion_counts",), 2, section="mlp/01_digits",
    kind="debug", difficulty=2, minutes=20,
    task="The given confusion_counts validates its input and returns a (C, C) integer matrix, but "
         "its counts are wrong on most real inputs. Find the bug and fix it.",
    hints=("Try it on three samples that are all of class 0 and all predicted as class 1: what should "
           "M[0, 1] be, and what comes back?",
           "Indexing with arrays and then `+=` reads the selected entries, adds 1 to each and writes "
           "them back, once per distinct index pair: a pair that occurs twice is written twice with "
           "the same value, so it counts once.",
           "Use an operation that adds once for every occurrence of an index pair (unbuffered): "
           "numpy's np.add.at, or np.bincount of the flattened index C·y_true + y_pred."))


def _confusion_labels(ctx, k: int, N: int, C: int, unseen: int = 0):
    r = ctx.rng(120, k)
    return r.integers(0, C - unseen, N), r.integers(0, C - unseen, N)


@CONFUSION.check("the counts match the reference (N = 200, C = 10 with many repeated pairs; N = 1; "
                 "classes never seen; int64; inputs unchanged)", gate=True)
def _(ctx):
    for k, (N, C, unseen) in enumerate(((200, 10, 0), (1, 3, 0), (60, 4, 2), (500, 2, 0))):
        y_true, y_pred = _confusion_labels(ctx, k, N, C, unseen)
        M = ctx.call("confusion_counts", y_true, y_pred, C, label=f"confusion_counts (N={N}, C={C})")
        ctx.match(f"M/{k}", f"the confusion matrix of {N} samples and {C} classes", M)


@CONFUSION.check("the counts add up: rows sum to the class frequencies, columns to the predictions' "
                 "(no solution needed)", gate=True)
def _(ctx):
    y_true, y_pred = _confusion_labels(ctx, 10, 300, 5)
    M = array("confusion_counts(y_true, y_pred, 5)", ctx.call("confusion_counts", y_true, y_pred, 5), (5, 5))
    rows, cols = np.bincount(y_true, minlength=5), np.bincount(y_pred, minlength=5)
    ctx.require(np.array_equal(M.sum(axis=1), rows),
                f"row i must count the samples of class i: the row sums are {M.sum(axis=1).tolist()}, "
                f"the classes occur {rows.tolist()} times ({CONFUSION.hint_ref(2)})")
    ctx.require(np.array_equal(M.sum(axis=0), cols),
                f"column j must count the samples predicted as j: the column sums are "
                f"{M.sum(axis=0).tolist()}, the predictions are {cols.tolist()}")


@CONFUSION.check("a perfect classifier fills the diagonal; labels outside [0, C) and different lengths "
                 "raise a ValueError")
def _(ctx):
    y = np.repeat(np.arange(4), [5, 1, 0, 3])
    M = array("confusion_counts(y, y, 4)", ctx.call("confusion_counts", y, y, 4, label="confusion_counts(y, y, 4)"),
              (4, 4))
    ctx.require(np.array_equal(M, np.diag([5, 1, 0, 3])),
                f"for y_pred = y_true with classes occurring [5, 1, 0, 3] times, M must be diag(5, 1, 0, 3), "
                f"got {M.tolist()}")
    for args, what in (((np.array([0, 4]), np.array([0, 1]), 4), "a true label 4 for C = 4"),
                       ((np.array([0, 1]), np.array([-1, 1]), 4), "a predicted label -1"),
                       ((np.array([0, 1, 2]), np.array([0, 1]), 4), "3 true labels and 2 predictions")):
        ctx.expect_error("confusion_counts", args, "ValueError", f"confusion_counts with {what}")


CHAPTER = Chapter("mlp", "Multilayer perceptrons", [SVM, PARAMETERS, MLP, TOPK, ROC, CONFUSION])
