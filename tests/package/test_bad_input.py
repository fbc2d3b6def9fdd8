"""Bad input to the package: every case raises a ValueError or TypeError that names the argument.

Two parts. ``CASES``: hand-written bad calls, each with the exception type expected and a
pattern the message must contain (the argument's name, usually with the function's). The
sweep: every argument of the public functions below receives each value of a pool of bad
values; whatever happens must be either a result without NaN (the value was acceptable) or a
ValueError/TypeError raised by nnbook's own code, never an error from inside numpy or Python
and never a silently wrong (NaN) result.
"""
from __future__ import annotations

import math
import pathlib
import re

import numpy as np
import pytest

from nnbook import init, layers as L, losses, metrics, regularizers
from nnbook.data import (BatchLoader, fetch, load_mnist, Standardizer, iterate_minibatches, load, load_digits, make_blobs,
                         make_moons, make_spirals, train_val_test_split)
from nnbook.gradcheck import check_layer, numerical_gradient, rel_error
from nnbook.optim import SGD
from nnbook.training import Trainer
from tests.bad_input import assert_raised_by_nnbook, has_nonfinite

NAN, INF = float("nan"), float("inf")
X4 = np.random.default_rng(0).standard_normal((6, 4))
Y3 = np.array([0, 1, 2, 0, 1, 2])


def model():
    return L.Sequential(L.Linear(4, 5, rng=0), L.ReLU(), L.Linear(5, 3, rng=1))


def trainer(**kw):
    m = model()
    return Trainer(m, losses.SoftmaxCrossEntropy(), SGD(m.parameters(), lr=0.1), **kw)


def fitted_standardizer():
    return Standardizer().fit(X4)


def forward_then(layer, x, dout):
    layer.forward(x)
    return layer.backward(dout)


def garbage_checkpoint(tmp):
    path = tmp / "bad.npz"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    return path


# (id, call, exception, pattern the message must contain)
CASES = [
    # -- layers -----------------------------------------------------------------------------------
    *[(f"Linear-in_features={v!r}", lambda v=v: L.Linear(v, 3), e, r"Linear: in_features must be")
      for v, e in [(0, ValueError), (-1, ValueError), (True, TypeError), (2.5, TypeError), ("3", TypeError),
                   (None, TypeError), (NAN, TypeError), (np.int64(0), ValueError)]],
    *[(f"Linear-out_features={v!r}", lambda v=v: L.Linear(3, v), e, r"Linear: out_features must be")
      for v, e in [(0, ValueError), (False, TypeError), ("a", TypeError), ([3], TypeError)]],
    *[(f"Linear-dtype={v!r}", lambda v=v: L.Linear(3, 2, dtype=v), e, r"Linear: dtype must be float32 or float64")
      for v, e in [(np.int32, ValueError), ("float16", ValueError), (np.complex128, ValueError),
                   ("banana", TypeError)]],
    *[(f"Linear-init={v!r}", lambda v=v: L.Linear(3, 2, init=v), e, r"Linear: init must be one of")
      for v, e in [("kaiming", ValueError), ("He", ValueError), (3, TypeError), (None, TypeError)]],
    ("Linear-init-returns-wrong-shape", lambda: L.Linear(3, 2, init=lambda shape, rng, dtype: np.zeros((2, 3))),
     ValueError, r"Linear: the initial W must be an array of shape \(3, 2\)"),
    ("Linear-init-returns-nan", lambda: L.Linear(3, 2, init=lambda shape, rng, dtype: np.full(shape, NAN)),
     ValueError, r"Linear: the initial W must be finite"),
    *[(f"Linear-rng={v!r}", lambda v=v: L.Linear(3, 2, rng=v), e, r"Linear: rng must be a seed")
      for v, e in [(-1, ValueError), ("seed", TypeError), (1.5, TypeError),
                   (np.random.RandomState(0), TypeError)]],
    ("Linear-forward-x-wrong-width", lambda: L.Linear(4, 3)(np.zeros((8, 5))), ValueError,
     r"Linear\(4 → 3\) expects x of shape \(N, 4\), got \(8, 5\)"),
    ("Linear-forward-x-images", lambda: L.Linear(4, 3)(np.zeros((8, 2, 2))), ValueError, r"did you forget to flatten"),
    ("Linear-forward-x-strings", lambda: L.Linear(4, 3)(np.array([["a"] * 4])), TypeError, r"Linear.forward: x must be a numeric"),
    ("Linear-forward-x-ragged", lambda: L.Linear(4, 3)([[1, 2], [3]]), ValueError, r"x must be an array"),
    ("Linear-backward-dout-shape", lambda: forward_then(L.Linear(4, 3), X4, np.ones((6, 4))), ValueError,
     r"Linear.backward expects dout of shape \(6, 3\)"),
    ("ReLU-forward-x-None", lambda: L.ReLU()(None), TypeError, r"ReLU.forward: x must be an array"),
    ("Tanh-forward-x-str", lambda: L.Tanh()("abc"), TypeError, r"Tanh.forward: x must be an array"),
    ("Softmax-forward-scalar", lambda: L.Softmax()(3.0), ValueError, r"Softmax.forward: x must be an array of shape \(N, ...\), got the scalar"),
    *[(f"LeakyReLU-negative_slope={v!r}", lambda v=v: L.LeakyReLU(v), e, r"LeakyReLU: negative_slope must be")
      for v, e in [(-1, ValueError), (NAN, ValueError), (INF, ValueError), ("0.1", TypeError), (True, TypeError)]],
    *[(f"Dropout-p={v!r}", lambda v=v: L.Dropout(v), e, r"Dropout: p \(the probability of dropping a unit\) must be")
      for v, e in [(1, ValueError), (1.0, ValueError), (-0.1, ValueError), (NAN, ValueError), ("0.5", TypeError),
                   (True, TypeError), (None, TypeError)]],
    *[(f"Dropout-rng={v!r}", lambda v=v: L.Dropout(0.5, rng=v), e, r"Dropout: rng must be a seed")
      for v, e in [(-1, ValueError), ("x", TypeError), (2.0, TypeError)]],
    ("Sequential-item", lambda: L.Sequential(L.ReLU(), 3), TypeError, r"Sequential: item 1 is int, not a Layer"),
    ("Sequential-class-not-instance", lambda: L.Sequential(L.ReLU), TypeError, r"Sequential: item 0 is type"),
    ("Parameter-int-value", lambda: L.Parameter(np.arange(3)), TypeError, r"Parameter: value must be a floating-point array"),
    ("Parameter-str-value", lambda: L.Parameter("w"), TypeError, r"Parameter: value must be an array"),
    ("load_state_dict-list", lambda: model().load_state_dict([1]), TypeError, r"load_state_dict: state must be a dict"),
    ("load_state_dict-missing", lambda: model().load_state_dict({}), ValueError, r"load_state_dict: the state does not fit"),
    ("add_child-dot", lambda: L.Sequential().add_child("a.b", L.ReLU()), ValueError, r"add_child: name must be"),
    ("add_child-not-layer", lambda: L.Sequential().add_child("a", 3), TypeError, r"add_child: layer \('a'\) must be a Layer"),
    # -- init --------------------------------------------------------------------------------------
    *[(f"normal-std={v!r}", lambda v=v: init.normal((3, 2), v), e, r"init.normal: std must be")
      for v, e in [(NAN, ValueError), (-1, ValueError), (INF, ValueError), ("0.1", TypeError), (True, TypeError)]],
    *[(f"normal-shape={v!r}", lambda v=v: init.normal(v), e, r"init.normal: shape must be")
      for v, e in [((3, -1), ValueError), ((0, 2), ValueError), ("3", TypeError), ((2.5, 3), TypeError),
                   (None, TypeError)]],
    ("normal-rng=-1", lambda: init.normal((2, 2), rng=-1), ValueError, r"init.normal: rng must be a seed"),
    ("normal-dtype=int64", lambda: init.normal((2, 2), dtype=np.int64), ValueError, r"init.normal: dtype must be float32"),
    *[(f"{f.__name__}-shape={s!r}-layout={lay}", lambda f=f, s=s, lay=lay: f(s, layout=lay), e, pattern)
      for f in (init.he_normal, init.xavier_normal, init.he_uniform, init.xavier_uniform)
      for s, lay, e, pattern in [((3, 2, 2), "linear", ValueError, r"init.fans: shape must be a shape of 2"),
                                 ((3, 2), "conv", ValueError, r"init.fans: shape must be a shape of 4"),
                                 ((3, 2), "convolution", ValueError, r"init.fans: layout must be one of 'linear', 'conv'"),
                                 ((3, -2), "linear", ValueError, r"init.fans: shape must be")]],
    ("he_normal-rng=-1", lambda: init.he_normal((2, 2), rng=-1), ValueError, r"init.he_normal: rng must be a seed"),
    ("xavier_uniform-dtype", lambda: init.xavier_uniform((2, 2), dtype=int), ValueError, r"init.xavier_uniform: dtype"),
    ("fans-layout-None", lambda: init.fans((2, 2), None), TypeError, r"init.fans: layout must be one of"),
    # -- losses -------------------------------------------------------------------------------------
    ("SCE-scores-int", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3), int), [0, 1]), TypeError,
     r"SoftmaxCrossEntropy expects floating-point scores"),
    ("SCE-scores-str", lambda: losses.SoftmaxCrossEntropy()("abc", [0]), TypeError, r"SoftmaxCrossEntropy.forward: scores must be"),
    ("SCE-scores-1d", lambda: losses.SoftmaxCrossEntropy()(np.zeros(3), [0, 1, 2]), ValueError,
     r"SoftmaxCrossEntropy expects scores of shape \(N, C\)"),
    ("SCE-y-range", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), [0, 5]), ValueError, r"label y\[1\] = 5 is out of range"),
    ("SCE-y-shape", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), [0, 1, 2]), ValueError, r"labels y of shape \(2,\)"),
    ("SCE-y-float", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), [0.5, 1]), ValueError, r"integer class labels"),
    ("SCE-y-str", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), "ab"), TypeError, r"y must be an array"),
    ("MSE-y-shape", lambda: losses.MSE()(np.zeros((2, 3)), np.zeros(2)), ValueError, r"MSE expects targets y of the same shape"),
    ("MSE-y-nan", lambda: losses.MSE()(np.zeros(2), [NAN, 0]), ValueError, r"MSE.forward: y must be finite"),
    ("BCE-y-range", lambda: losses.BinaryCrossEntropy()(np.zeros(2), [0, 2]), ValueError, r"BinaryCrossEntropy expects targets in \[0, 1\]"),
    ("BCE-y-nan", lambda: losses.BinaryCrossEntropy()(np.zeros(2), [NAN, 1]), ValueError, r"BinaryCrossEntropy.forward: y must be finite"),
    ("BCE-scores-2col", lambda: losses.BinaryCrossEntropy()(np.zeros((2, 2)), [0, 1]), ValueError, r"scores of shape \(N,\) or \(N, 1\)"),
    ("backward-before-forward", lambda: losses.MSE().backward(), RuntimeError, r"MSE.backward called before forward"),
    # -- metrics ------------------------------------------------------------------------------------
    ("accuracy-N1-logits", lambda: metrics.accuracy([0, 1], np.array([[0.3], [-2.0]])), ValueError,
     r"accuracy: y_pred_or_scores has one score per sample"),
    ("accuracy-y_true-2d", lambda: metrics.accuracy(np.zeros((2, 2)), [0, 1]), ValueError, r"accuracy: y_true must be a 1-D"),
    ("accuracy-y_true-float", lambda: metrics.accuracy([0.5, 1], [0, 1]), ValueError, r"accuracy: y_true must hold integer"),
    ("accuracy-scores-nan", lambda: metrics.accuracy([0, 1], np.array([[NAN, 0], [0, 1]])), ValueError,
     r"accuracy: y_pred_or_scores must be finite"),
    ("accuracy-length", lambda: metrics.accuracy([0, 1, 1], [0, 1]), ValueError, r"accuracy: y_true and y_pred_or_scores must have the same length"),
    ("accuracy-str", lambda: metrics.accuracy([0, 1], "ab"), TypeError, r"accuracy: y_pred_or_scores must be an array"),
    ("accuracy-3d", lambda: metrics.accuracy([0, 1], np.zeros((2, 2, 2))), ValueError, r"accuracy: y_pred_or_scores must be predictions \(N,\) or scores \(N, C\)"),
    *[(f"confusion_matrix-num_classes={v!r}", lambda v=v: metrics.confusion_matrix([0, 1], [1, 0], num_classes=v), e,
       r"confusion_matrix: num_classes must be a positive integer")
      for v, e in [(0, ValueError), (True, TypeError), (2.5, TypeError), ("3", TypeError)]],
    ("confusion_matrix-y_pred-range", lambda: metrics.confusion_matrix([0, 1], [0, 3], num_classes=2), ValueError,
     r"confusion_matrix: y_pred\[1\] = 3 is out of range"),
    ("roc_curve-2col", lambda: metrics.roc_curve([0, 1], np.zeros((2, 2))), ValueError, r"roc_curve expects one score per sample"),
    ("roc_curve-nonbinary", lambda: metrics.roc_curve([0, 2], [0.1, 0.2]), ValueError, r"roc_curve: y_true must hold binary labels"),
    ("roc_curve-nan", lambda: metrics.roc_curve([0, 1], [NAN, 0.2]), ValueError, r"roc_curve: scores contain NaN"),
    ("roc_auc-one-class", lambda: metrics.roc_auc([1, 1], [0.1, 0.2]), ValueError, r"roc_auc needs both classes in y_true"),
    ("roc_auc-scores-str", lambda: metrics.roc_auc([0, 1], ["a", "b"]), TypeError, r"roc_auc: scores must be a floating-point"),
    *[(f"choose_threshold-method={v!r}", lambda v=v: metrics.choose_threshold([0, 1], [0.1, 0.9], method=v), e, pattern)
      for v, e, pattern in [("f1", ValueError, r"choose_threshold: method must be"),
                            (("target_tpr", 1.5), ValueError, r"target TPR r of \('target_tpr', r\) must be"),
                            (("target_tpr", NAN), ValueError, r"target TPR r"),
                            (("target_tpr", "0.5"), TypeError, r"target TPR r"),
                            (3, TypeError, r"choose_threshold: method must be")]],
    # -- regularizers -------------------------------------------------------------------------------
    *[(f"{cls.__name__}-lam={v!r}", lambda cls=cls, v=v: cls(v), e, fr"{cls.__name__}: lam \(the penalty's strength λ\) must be")
      for cls in (regularizers.L2, regularizers.L1)
      for v, e in [(-1, ValueError), (NAN, ValueError), ("0.1", TypeError), (True, TypeError), (INF, ValueError),
                   (None, TypeError)]],
    ("L2-penalty-list", lambda: regularizers.L2(0.1).penalty([1, 2]), TypeError, r"regularizers: params must be the dict name -> Parameter"),
    # -- gradcheck ----------------------------------------------------------------------------------
    ("numerical_gradient-x-list", lambda: numerical_gradient(lambda: 0.0, [1.0]), TypeError, r"numerical_gradient perturbs x in place"),
    ("numerical_gradient-x-int", lambda: numerical_gradient(lambda: 0.0, np.arange(3)), TypeError, r"numerical_gradient perturbs x"),
    *[(f"numerical_gradient-h={v!r}", lambda v=v: numerical_gradient(lambda: 0.0, np.zeros(2), h=v), e,
       r"numerical_gradient: h must be")
      for v, e in [(0, ValueError), (-1e-5, ValueError), (NAN, ValueError), ("1e-5", TypeError)]],
    ("numerical_gradient-f", lambda: numerical_gradient(3, np.zeros(2)), TypeError, r"numerical_gradient: f must be a function"),
    ("rel_error-shapes", lambda: rel_error(np.zeros(2), np.zeros(3)), ValueError, r"rel_error compares arrays of one shape"),
    ("rel_error-str", lambda: rel_error("a", 1.0), TypeError, r"rel_error: a must be an array"),
    ("check_layer-layer", lambda: check_layer(lambda x: x, X4), TypeError, r"check_layer: layer must be a Layer"),
    ("check_layer-loss", lambda: check_layer(model(), X4, loss="ce", y=Y3), TypeError, r"check_layer: loss must be a Loss"),
    ("check_layer-rng", lambda: check_layer(model(), X4, rng=-1), ValueError, r"check_layer: rng must be a seed"),
    ("check_layer-dout", lambda: check_layer(model(), X4, dout=np.ones((6, 4))), ValueError,
     r"check_layer: dout must be an array of shape \(6, 3\)"),
    ("check_layer-x-nan", lambda: check_layer(model(), np.full((2, 4), NAN)), ValueError, r"check_layer: x must be finite"),
    ("check_layer-loss-without-y", lambda: check_layer(model(), X4, loss=losses.SoftmaxCrossEntropy()), ValueError,
     r"pass loss and y together"),
    # -- data ---------------------------------------------------------------------------------------
    *[(f"{make.__name__}-n={v!r}", lambda make=make, v=v: make(v), e, fr"{make.__name__}: the number of samples n must be")
      for make in (make_moons, make_spirals, make_blobs)
      for v, e in [(0, ValueError), (-5, ValueError), (2.5, TypeError), (True, TypeError), ("100", TypeError)]],
    *[(f"make_moons-{k}={v!r}", lambda k=k, v=v: make_moons(10, **{k: v}), e, fr"make_moons: {k}")
      for k, v, e in [("noise", -0.1, ValueError), ("noise", NAN, ValueError), ("noise", "0.1", TypeError),
                      ("rotate", NAN, ValueError), ("rotate", INF, ValueError), ("rotate", "1", TypeError),
                      ("rng", -1, ValueError), ("rng", "a", TypeError), ("dtype", np.int64, ValueError)]],
    *[(f"make_spirals-{k}={v!r}", lambda k=k, v=v: make_spirals(10, **{k: v}), e, fr"make_spirals: {k}")
      for k, v, e in [("classes", 0, ValueError), ("classes", 1.5, TypeError), ("noise", NAN, ValueError),
                      ("rng", -1, ValueError)]],
    *[(f"make_blobs-{k}={v!r}", lambda k=k, v=v: make_blobs(10, **{k: v}), e, fr"make_blobs: {k}")
      for k, v, e in [("centers", 0, ValueError), ("std", NAN, ValueError), ("std", -1, ValueError),
                      ("dtype", "int8", ValueError)]],
    *[(f"split-{k}={v!r}", lambda k=k, v=v: train_val_test_split(X4, Y3, **{k: v}), e, fr"train_val_test_split: {k}")
      for k, v, e in [("val", 1.5, ValueError), ("val", -0.1, ValueError), ("val", NAN, ValueError),
                      ("val", "0.1", TypeError), ("test", 1, ValueError), ("test", True, TypeError),
                      ("stratify", "yes", TypeError), ("rng", -1, ValueError)]],
    ("split-y-2d", lambda: train_val_test_split(X4, np.zeros((6, 1))), ValueError, r"train_val_test_split: y must be a 1-D"),
    ("split-length", lambda: train_val_test_split(X4, Y3[:5]), ValueError, r"X has 6 samples but y has 5"),
    ("split-X-scalar", lambda: train_val_test_split(3.0, Y3), ValueError, r"train_val_test_split: X must be an array of shape"),
    *[(f"load-{k}={v!r}", lambda k=k, v=v: load("moons", **{k: v}), e, fr"load: {k}")
      for k, v, e in [("dtype", np.int64, ValueError), ("dtype", np.int32, ValueError), ("dtype", "float16", ValueError),
                      ("flatten", "no", TypeError), ("val", 1.5, ValueError), ("n", 0, ValueError),
                      ("rng", -1, ValueError), ("test", NAN, ValueError)]],
    ("load-name", lambda: load("imagenet"), ValueError, r"unknown dataset 'imagenet'"),
    ("load-name-int", lambda: load(3), TypeError, r"unknown dataset 3"),
    ("load_digits-dtype", lambda: load_digits(dtype=np.uint8), ValueError, r"load_digits: dtype must be float32 or float64"),
    ("load_digits-flatten", lambda: load_digits(flatten=1), TypeError, r"load_digits: flatten must be True or False"),
    *[(f"iterate_minibatches-batch_size={v!r}", lambda v=v: iterate_minibatches(X4, Y3, v), e,
       r"iterate_minibatches: batch_size must be a positive integer")
      for v, e in [(0, ValueError), (2.5, TypeError), (True, TypeError), ("32", TypeError)]],
    ("iterate_minibatches-shuffle", lambda: iterate_minibatches(X4, Y3, 2, shuffle="yes"), TypeError,
     r"iterate_minibatches: shuffle must be True or False"),
    ("iterate_minibatches-rng", lambda: iterate_minibatches(X4, Y3, 2, rng=-1), ValueError, r"iterate_minibatches: rng must be"),
    ("iterate_minibatches-X-scalar", lambda: iterate_minibatches(3.0, Y3, 2), ValueError, r"iterate_minibatches: X and y must be arrays"),
    ("BatchLoader-batch_size", lambda: BatchLoader(X4, Y3, 0), ValueError, r"BatchLoader: batch_size must be"),
    ("BatchLoader-rng", lambda: BatchLoader(X4, Y3, 2, rng="x"), TypeError, r"BatchLoader: rng must be a seed"),
    ("BatchLoader-drop_last", lambda: BatchLoader(X4, Y3, 2, drop_last=None), TypeError, r"BatchLoader: drop_last must be"),
    ("Standardizer-fit-1d", lambda: Standardizer().fit(np.zeros(3)), ValueError, r"Standardizer.fit: X must be a 2-D array"),
    ("Standardizer-fit-nan", lambda: Standardizer().fit(np.array([[NAN, 1.0]])), ValueError, r"Standardizer.fit: X must be finite"),
    ("Standardizer-fit-str", lambda: Standardizer().fit([["a"]]), TypeError, r"Standardizer.fit: X must be a numeric"),
    ("Standardizer-transform-width", lambda: fitted_standardizer().transform(np.zeros((2, 3))), ValueError,
     r"Standardizer was fitted on 4 features, got X of shape \(2, 3\)"),
    ("Standardizer-transform-str", lambda: fitted_standardizer().transform("x"), TypeError, r"Standardizer.transform: X must be"),
    ("fetch-name", lambda: fetch("svhn"), ValueError, r"unknown dataset 'svhn'; the downloadable ones"),
    ("fetch-name-int", lambda: fetch(3), TypeError, r"unknown dataset 3"),
    ("fetch-progress", lambda: fetch("mnist", progress="yes"), TypeError, r"fetch: progress must be True or False"),
    ("fetch-timeout-0", lambda: fetch("mnist", timeout=0), ValueError, r"fetch: timeout \(seconds\) must be"),
    ("fetch-timeout-nan", lambda: fetch("mnist", timeout=NAN), ValueError, r"fetch: timeout \(seconds\) must be"),
    ("fetch-root", lambda: fetch("mnist", root=3), TypeError, r"fetch: root must be a path or None"),
    ("load_mnist-kind", lambda: load_mnist(kind="emnist"), ValueError, r"kind must be 'mnist' or 'fashion-mnist'"),
    ("load_mnist-split", lambda: load_mnist(split="val"), ValueError, r"split must be 'all', 'train' or 'test'"),
    ("load_mnist-split-int", lambda: load_mnist(split=1), ValueError, r"split must be"),
    # -- training -----------------------------------------------------------------------------------
    ("Trainer-model", lambda: Trainer(3, losses.MSE(), SGD(model().parameters(), lr=0.1)), TypeError, r"Trainer: model must be a Layer"),
    ("Trainer-loss", lambda: Trainer(model(), "ce", SGD(model().parameters(), lr=0.1)), TypeError, r"Trainer: loss must be a Loss"),
    ("Trainer-optimizer", lambda: Trainer(model(), losses.MSE(), "sgd"), TypeError, r"Trainer: optimizer must be"),
    ("Trainer-rng", lambda: trainer(rng=-1), ValueError, r"Trainer: rng must be a seed"),
    ("Trainer-schedule", lambda: trainer(schedule=0.1), TypeError, r"Trainer: schedule must be a function"),
    *[(f"fit-epochs={v!r}", lambda v=v: trainer().fit(X4, Y3, epochs=v, batch_size=2, progress=False), e,
       r"Trainer.fit: epochs must be a positive integer")
      for v, e in [(0, ValueError), (2.5, TypeError), ("3", TypeError), (None, TypeError)]],
    ("fit-batch_size", lambda: trainer().fit(X4, Y3, epochs=1, batch_size=0, progress=False), ValueError,
     r"Trainer.fit: batch_size must be"),
    ("fit-early_stopping", lambda: trainer().fit(X4, Y3, val=(X4, Y3), epochs=1, batch_size=2, early_stopping=0,
                                                 progress=False), ValueError, r"Trainer.fit: early_stopping must be"),
    ("fit-val", lambda: trainer().fit(X4, Y3, val=X4, epochs=1, batch_size=2, progress=False), TypeError,
     r"Trainer.fit: val must be a pair"),
    ("fit-X-str", lambda: trainer().fit("X", Y3, epochs=1, batch_size=2, progress=False), TypeError, r"Trainer.fit: X must be an array"),
    ("predict-batch_size", lambda: trainer().predict(X4, batch_size=0), ValueError, r"Trainer.predict: batch_size must be"),
    ("train_batch-length", lambda: trainer().train_batch(X4, Y3[:3]), ValueError, r"Trainer.train_batch: Xb and yb must have the same"),
]


def test_there_are_at_least_150_cases():
    assert len(CASES) >= 150, len(CASES)


@pytest.mark.parametrize("call, error, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert_raised_by_nnbook(info.value)


def test_corrupt_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"Trainer.load: checkpoint .* cannot be read: it is truncated") as info:
        trainer().load(garbage_checkpoint(tmp_path))
    assert_raised_by_nnbook(info.value)


# -- the sweep ---------------------------------------------------------------------------------------
BAD_VALUES = {"None": None, "str": "x", "neg": -1, "zero": 0, "nan": NAN, "inf": INF, "bool": True,
              "float": 2.5, "list": [], "obj": object()}

# function, baseline keyword arguments (a valid call), arguments to leave alone
SWEEP = [
    (L.Linear, dict(in_features=3, out_features=2, rng=0), ()),
    (L.LeakyReLU, dict(negative_slope=0.1), ()),
    (L.Dropout, dict(p=0.5, rng=0), ()),
    (init.normal, dict(shape=(3, 2), std=0.1, rng=0), ()),
    (init.he_normal, dict(shape=(3, 2), layout="linear", rng=0), ()),
    (init.xavier_uniform, dict(shape=(4, 3, 2, 2), layout="conv", rng=0), ()),
    (init.fans, dict(shape=(4, 3, 2, 2), layout="conv"), ()),
    (make_moons, dict(n=20, noise=0.1, rotate=0.5, rng=0), ()),
    (make_spirals, dict(n=20, classes=3, noise=0.1, rng=0), ()),
    (make_blobs, dict(n=20, centers=2, std=1.0, rng=0), ()),
    (train_val_test_split, dict(X=np.zeros((20, 2)), y=np.arange(20) % 2, val=0.2, test=0.2, rng=0), ()),
    (load, dict(name="moons", val=0.1, test=0.1, n=40, rng=0), ("root", "base_url", "progress")),
    (iterate_minibatches, dict(X=X4, y=Y3, batch_size=2, rng=0), ()),
    (BatchLoader, dict(X=X4, y=Y3, batch_size=2, rng=0), ()),
    (metrics.accuracy, dict(y_true=Y3, y_pred_or_scores=Y3), ()),
    (metrics.confusion_matrix, dict(y_true=Y3, y_pred=Y3, num_classes=3), ()),
    (metrics.roc_auc, dict(y_true=[0, 1, 0, 1], scores=[0.1, 0.4, 0.35, 0.8]), ()),
    (metrics.choose_threshold, dict(y_true=[0, 1, 0, 1], scores=[0.1, 0.4, 0.35, 0.8], method="youden"), ()),
    (regularizers.L2, dict(lam=0.1), ()),
    (rel_error, dict(a=np.ones(3), b=np.ones(3)), ()),
    (lambda scores, y: losses.SoftmaxCrossEntropy()(scores, y), dict(scores=np.zeros((6, 3)), y=Y3), ()),
    (lambda scores, y: losses.MSE()(scores, y), dict(scores=np.zeros(3), y=np.ones(3)), ()),
    (lambda scores, y: losses.BinaryCrossEntropy()(scores, y), dict(scores=np.zeros(3), y=np.ones(3)), ()),
    (lambda x: L.Linear(4, 3, rng=0)(x), dict(x=X4), ()),
    (lambda X: Standardizer().fit(X), dict(X=X4), ()),
    (lambda epochs, batch_size: trainer().fit(X4, Y3, epochs=epochs, batch_size=batch_size, progress=False),
     dict(epochs=1, batch_size=2), ()),
    (lambda rng: trainer(rng=rng), dict(rng=0), ()),
]

SWEEP_CASES = [(fn, base, arg, bad) for fn, base, skip in SWEEP for arg in base if arg not in skip
               for bad in BAD_VALUES]


@pytest.mark.parametrize("fn, base, arg, bad", SWEEP_CASES,
                         ids=[f"{getattr(fn, '__name__', 'f')}-{arg}-{bad}" for fn, base, arg, bad in SWEEP_CASES])
def test_sweep_no_raw_error_and_no_silent_nan(fn, base, arg, bad):
    kwargs = {**base, arg: BAD_VALUES[bad]}
    try:
        result = fn(**kwargs)
    except (ValueError, TypeError) as e:
        assert_raised_by_nnbook(e)
        assert re.search(rf"\b{arg}\b", str(e)) or (arg == "name" and "dataset" in str(e)), \
            f"the message does not name {arg!r}: {e}"
        return
    assert not has_nonfinite(result), f"{arg}={bad!r} gave a NaN or infinite result without an error"


# =====================================================================================================
# The newer modules (conv, torch_models and the TorchTrainer, augment, checkpoint, schedules,
# lr_finder): one test per class of bad input, many cases each.
# =====================================================================================================
import torch  # noqa: E402
from torch import nn  # noqa: E402

from nnbook import augment, checkpoint, conv, schedules  # noqa: E402
from nnbook.lr_finder import lr_range_test  # noqa: E402
from nnbook.optim import Adam  # noqa: E402
from nnbook.torch_models import CNN, ResidualBlock, ResidualBottleneckBlock, ResNet, TorchTrainer  # noqa: E402

IMAGES = np.random.default_rng(1).standard_normal((6, 1, 8, 8))
W3 = np.random.default_rng(2).standard_normal((4, 1, 3, 3))
B4 = np.zeros(4)
TINY_CNN = dict(in_size=(1, 8, 8), out_classes=3, channels=[4], pool_every=1, hidden_dims=[8])


def cnn_trainer(**kw):
    torch.manual_seed(0)
    net = CNN(**TINY_CNN)
    kw.setdefault("device", "cpu")
    return TorchTrainer(net, nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=0.1), **kw)


def numpy_cnn():
    return L.Sequential(conv.Conv2d(1, 2, 3, padding=1, rng=0), L.ReLU(), conv.Flatten(),
                        L.Linear(128, 3, rng=1))


def run_case(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert_raised_by_nnbook(info.value)


# -- 1. empty batches (0 samples) and zero classes ----------------------------------------------------
EMPTY = np.zeros((0, 1, 8, 8))


def test_empty_batches_work_like_torch_and_zero_classes_are_clear_errors():
    out, cache = conv.conv2d_forward(EMPTY, W3, B4, padding=1)
    assert out.shape == (0, 4, 8, 8)
    dx, dw, db = conv.conv2d_backward(np.zeros((0, 4, 8, 8)), cache)
    assert dx.shape == (0, 1, 8, 8) and not dw.any() and not db.any()
    assert conv.conv2d_forward_naive(EMPTY, W3, B4).shape == (0, 4, 6, 6)
    assert conv.im2col(EMPTY, 3).shape == (0, 9)
    for layer, dout_shape in [(conv.Conv2d(1, 4, 3, rng=0), (0, 4, 6, 6)), (conv.MaxPool2d(2), (0, 1, 4, 4)),
                              (conv.AvgPool2d(2), (0, 1, 4, 4)), (conv.Flatten(), (0, 64)),
                              (conv.Dropout2d(0.5, rng=0), (0, 1, 8, 8))]:
        assert layer.forward(EMPTY).shape == dout_shape, layer
        assert layer.backward(np.zeros(dout_shape)).shape == EMPTY.shape, layer
    assert augment.random_shift(EMPTY, 1, rng=0).shape == EMPTY.shape
    assert augment.random_flip(EMPTY, rng=0).shape == EMPTY.shape
    cases = [
        (lambda: L.Softmax()(np.zeros((3, 0))), ValueError, r"Softmax expects scores \(N, C\) with C ≥ 1"),
        (lambda: conv.conv2d_forward(IMAGES, np.zeros((0, 1, 3, 3)), None), ValueError, r"every size ≥ 1"),
        (lambda: CNN(**{**TINY_CNN, "out_classes": 0}), ValueError, r"CNN: out_classes must be a positive"),
        (lambda: trainer().fit(np.zeros((0, 4)), np.zeros(0, int), epochs=1, batch_size=2, progress=False),
         ValueError, r"Trainer.fit got no samples"),
        (lambda: cnn_trainer().fit(EMPTY, np.zeros(0, int), epochs=1, batch_size=2, progress=False),
         ValueError, r"TorchTrainer.fit expects X of shape \(N, ...\) with N ≥ 1"),
        (lambda: cnn_trainer().predict(EMPTY), ValueError, r"TorchTrainer.predict expects X .* N ≥ 1"),
        (lambda: trainer().predict(np.zeros((0, 4))), ValueError, r"Trainer.predict expects X .* N ≥ 1"),
        (lambda: lr_range_test(model(), losses.SoftmaxCrossEntropy(), SGD(model().parameters(), lr=0.1),
                               X4, Y3), ValueError, r"optimizer does not hold"),
        (lambda: _range_test(np.zeros((0, 4)), np.zeros(0, int)), ValueError, r"the same N ≥ 1"),
        (lambda: ResidualBlock(3, [], []), ValueError, r"channels must be a non-empty list"),
        (lambda: ResidualBottleneckBlock(8, [], []), ValueError, r"inner_channels must be a non-empty list"),
        (lambda: conv.MaxPool2d(2)(np.zeros((2, 1, 0, 4))), ValueError, r"larger than the padded input"),
    ]
    for case in cases:
        run_case(*case)


def _range_test(X, y, **kw):
    kw.setdefault("batch_size", 2)
    m = model()
    return lr_range_test(m, losses.SoftmaxCrossEntropy(), SGD(m.parameters(), lr=0.1), X, y, **kw)


# -- 2. lists, strings or object arrays where arrays or numbers are expected ------------------------
OBJECTS = np.array([object()] * 4)
WRONG_KINDS = [
    (lambda: conv.conv2d_forward("x", W3, B4), TypeError, r"conv2d_forward: x must be an array"),
    (lambda: conv.conv2d_forward(IMAGES, "w", B4), TypeError, r"conv2d_forward: w must be an array"),
    (lambda: conv.conv2d_forward(IMAGES, OBJECTS, B4), TypeError, r"conv2d_forward: w must be a numeric"),
    (lambda: conv.conv2d_forward(IMAGES, W3, "b"), TypeError, r"conv2d_forward: b must be an array"),
    (lambda: conv.conv2d_forward([[1, 2], [3]], W3, B4), ValueError, r"x must be an array \(a regular"),
    (lambda: conv.conv2d_forward(IMAGES.astype(object), W3, B4), TypeError, r"x must be a numeric"),
    (lambda: conv.conv2d_forward_naive(IMAGES, [1, 2], B4), ValueError, r"weights w of shape \(F, C, HH, WW\)"),
    (lambda: conv.conv2d_backward_naive("d", IMAGES, W3), TypeError, r"dout must be an array"),
    (lambda: conv.conv2d_backward(np.zeros((6, 4, 6, 6)), "cache"), TypeError, r"cache must be the cache"),
    (lambda: conv.conv2d_backward(np.zeros((6, 4, 6, 6)), conv.conv2d_forward(IMAGES, W3, B4)[1],
                                  need_dx="no"), TypeError, r"need_dx must be True or False"),
    (lambda: conv.conv2d_forward(IMAGES, W3, B4, stride="2"), TypeError, r"stride must be an integer ≥ 1"),
    (lambda: conv.conv2d_forward(IMAGES, W3, B4, padding=1.0), TypeError, r"padding=1 \(an int"),
    (lambda: conv.conv2d_forward(IMAGES, W3, B4, dilation=[1, 2, 3]), ValueError, r"dilation .*\(3 entries\)"),
    (lambda: conv.output_size("8", 3), TypeError, r"output_size: size must be .* without quotes"),
    (lambda: conv.output_size(8, 3.0), TypeError, r"output_size: kernel must be a positive integer"),
    (lambda: conv.output_size(8, 3, stride=0), ValueError, r"output_size: stride must be a positive"),
    (lambda: conv.output_size(-8, 3), ValueError, r"output_size: size must be a non-negative"),
    (lambda: conv.output_size(8, 3, padding=None), TypeError, r"output_size: padding"),
    (lambda: conv.im2col(IMAGES, "3"), TypeError, r"im2col: kernel must be an integer"),
    (lambda: conv.Conv2d(1, 4, (3, "3")), TypeError, r"Conv2d: kernel_size must be"),
    (lambda: conv.Conv2d(1, 4, 3, bias="yes"), TypeError, r"Conv2d: bias must be True or False"),
    (lambda: conv.Conv2d(1, 4, 3)("images"), TypeError, r"x must be an array"),
    (lambda: conv.MaxPool2d(2.0), TypeError, r"MaxPool2d: kernel_size must be"),
    (lambda: conv.AvgPool2d(2, stride=[1]), ValueError, r"AvgPool2d: stride must be .*\(1 entries\)"),
    (lambda: conv.Flatten()("x"), TypeError, r"Flatten: x must be an array"),
    (lambda: conv.Dropout2d("0.5"), TypeError, r"Dropout2d: p .* must be"),
    (lambda: regularizers.L2(0.1).penalty("W"), TypeError, r"regularizers: params must be the dict"),
    (lambda: augment.gaussian_noise(IMAGES, 0.1, rng=0, clip=5), TypeError, r"clip must be a pair \(low, high\)"),
    (lambda: augment.gaussian_noise(IMAGES, 0.1, rng=0, clip=("a", 1)), TypeError, r"clip\[0\] must be"),
    (lambda: augment.GaussianNoise(0.1, clip=[0]), TypeError, r"clip must be a pair"),
    (lambda: augment.random_shift("images", 1, rng=0), TypeError, r"random_shift: X must be an array"),
    (lambda: augment.random_shift(IMAGES.astype(object), 1, rng=0), TypeError, r"X must be a numeric"),
    (lambda: augment.random_shift(IMAGES, "1", rng=0), TypeError, r"max_shift must be .* without quotes"),
    (lambda: augment.random_flip(IMAGES, rng=0, p="0.5"), TypeError, r"random_flip: p \(a probability\)"),
    (lambda: augment.random_flip(IMAGES, rng=0, axis=1), TypeError, r"random_flip: axis must be one of"),
    (lambda: augment.random_shift(IMAGES.reshape(6, 64), 1, rng=0, image_shape="1,8,8"), TypeError,
     r"image_shape \(C, H, W\) must be"),
    (lambda: augment.RandomShift(1, image_shape=(1, 8)), ValueError, r"image_shape \(C, H, W\) must be a shape of 3"),
    (lambda: augment.RandomFlip(axis="Horizontal"), ValueError, r"did you mean 'horizontal'"),
    (lambda: checkpoint.save_model(model(), 12345), TypeError, r"save_model: path must be a file name"),
    (lambda: checkpoint.save_model(model(), None), TypeError, r"save_model: path must be a file name"),
    (lambda: checkpoint.save_model(model(), b"model.npz"), TypeError, r"save_model: path must be"),
    (lambda: checkpoint.save_model(model(), ""), TypeError, r"save_model: path must be"),
    (lambda: checkpoint.load_model(model(), 3), TypeError, r"load_model: path must be a file name"),
    (lambda: checkpoint.read_model_file(["a.npz"]), TypeError, r"read_model_file: path must be"),
    (lambda: checkpoint.check_state(model(), [1, 2]), TypeError, r"check_state: state must be a dict"),
    (lambda: checkpoint.save_model("model", "m.npz"), TypeError, r"save_model: model must be a Layer"),
    (lambda: trainer().save(7), TypeError, r"Trainer.save: path must be a file name"),
    (lambda: trainer().load(7.5), TypeError, r"Trainer.load: path must be a file name"),
    (lambda: trainer().fit(X4, Y3, epochs=1, batch_size=2, checkpoint=3, progress=False), TypeError,
     r"Trainer.fit: checkpoint must be a path"),
    (lambda: schedules.constant("0.1"), TypeError, r"constant: lr must be .* without quotes"),
    (lambda: schedules.exponential(0.1, gamma=[0.9]), TypeError, r"exponential: gamma must be"),
    (lambda: schedules.cosine(0.1, total="10"), TypeError, r"cosine: total must be"),
    (lambda: schedules.constant(0.1)("3"), TypeError, r"the step t must be"),
    (lambda: schedules.constant(0.1)(None), TypeError, r"the step t must be"),
    (lambda: schedules.warmup("cosine", steps=3), TypeError, r"warmup: schedule must be a function"),
    (lambda: schedules.ReduceOnPlateau(0.1).observe("0.5"), TypeError, r"ReduceOnPlateau.observe: loss must be"),
    (lambda: schedules.ReduceOnPlateau(0.1).observe(None), TypeError, r"ReduceOnPlateau.observe: loss must be"),
    (lambda: _range_test("X", Y3), TypeError, r"lr_range_test: X must be an array"),
    (lambda: _range_test(X4, "abcdef"), TypeError, r"lr_range_test: y must be an array"),
    (lambda: _range_test(X4, Y3, steps=3.0), TypeError, r"lr_range_test: steps must be an integer"),
    (lambda: _range_test(X4, Y3, smooth="0.9"), TypeError, r"lr_range_test: smooth must be"),
    (lambda: lr_range_test("model", losses.MSE(), SGD(model().parameters(), lr=0.1), X4, Y3), TypeError,
     r"lr_range_test: model must be a Layer"),
    (lambda: lr_range_test(model(), "ce", SGD(model().parameters(), lr=0.1), X4, Y3), TypeError,
     r"lr_range_test: loss must be a Loss"),
    (lambda: CNN(**{**TINY_CNN, "channels": 4}), TypeError, r"CNN: channels must be a non-empty list"),
    (lambda: CNN(**{**TINY_CNN, "channels": [4, "8"]}), TypeError, r"CNN: channels\[1\] must be a positive"),
    (lambda: CNN(**{**TINY_CNN, "hidden_dims": "64"}), TypeError, r"CNN: hidden_dims must be a list"),
    (lambda: CNN(**{**TINY_CNN, "in_size": "1x8x8"}), TypeError, r"CNN: in_size \(C, H, W\) must be"),
    (lambda: CNN(**{**TINY_CNN, "pool_every": 1.0}), TypeError, r"CNN: pool_every must be a positive"),
    (lambda: CNN(**{**TINY_CNN, "conv_params": [3, 1]}), TypeError, r"CNN: conv_params must be a dict"),
    (lambda: CNN(**{**TINY_CNN, "pooling_params": "max"}), TypeError, r"CNN: pooling_params must be a dict"),
    (lambda: CNN(**{**TINY_CNN, "activation_type": None}), TypeError, r"CNN: activation_type must be one of"),
    (lambda: ResidualBlock(3, [4], [3], dropout="0.1"), TypeError, r"ResidualBlock: dropout must be"),
    (lambda: ResidualBlock("3", [4], [3]), TypeError, r"ResidualBlock: in_channels must be"),
    (lambda: ResidualBottleneckBlock(8, 4, [3]), TypeError, r"inner_channels must be a non-empty list"),
    (lambda: cnn_trainer().fit("X", Y3, epochs=1, batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: X must be an array"),
    (lambda: cnn_trainer().fit(IMAGES, "abcdef", epochs=1, batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: y must be an array"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, epochs="2", batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: epochs must be a positive integer"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, epochs=1, batch_size=2.0, progress=False), TypeError,
     r"TorchTrainer.fit: batch_size must be"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, epochs=1, batch_size=2, progress="no"), TypeError,
     r"TorchTrainer.fit: progress must be True or False"),
    (lambda: TorchTrainer("net", nn.CrossEntropyLoss(), None), TypeError, r"TorchTrainer: model must be"),
    (lambda: TorchTrainer(nn.Linear(2, 2), "ce", torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)),
     TypeError, r"TorchTrainer: loss_fn must be a function"),
    (lambda: TorchTrainer(nn.Linear(2, 2), nn.CrossEntropyLoss(), "adam"), TypeError,
     r"TorchTrainer: optimizer must be a Optimizer"),
    (lambda: cnn_trainer(device=0), TypeError, r"TorchTrainer: device must be a string"),
    (lambda: cnn_trainer(device="gpu"), ValueError, r"TorchTrainer: device 'gpu' is not a torch device"),
    (lambda: trainer(clip_norm="1"), TypeError, r"Trainer: clip_norm must be"),
    (lambda: trainer(stop_on_nan="yes"), TypeError, r"Trainer: stop_on_nan must be True or False"),
    (lambda: trainer().fit(X4, Y3, epochs=1, batch_size=2, drop_last=1, progress=False), TypeError,
     r"Trainer.fit: drop_last must be True or False"),
]


@pytest.mark.parametrize("call, error, pattern", WRONG_KINDS, ids=[p for _, _, p in WRONG_KINDS])
def test_lists_strings_and_objects_where_arrays_or_numbers_belong(call, error, pattern):
    run_case(call, error, pattern)


# -- 3. values that overflow --------------------------------------------------------------------------
@pytest.mark.parametrize("schedule", [schedules.exponential(0.1, gamma=1.5),
                                      schedules.step_decay(0.1, step_size=2, gamma=10.0),
                                      schedules.exponential(1e-5, gamma=1.1),
                                      schedules.warmup(schedules.exponential(0.1, gamma=2.0), steps=5)])
@pytest.mark.parametrize("t", [10 ** 4, 10 ** 6, 10 ** 12, 2 ** 62])
def test_growing_schedules_far_out_are_a_clear_error_not_an_overflow(schedule, t):
    run_case(lambda: schedule(t), ValueError, r"overflows a float at this step .* gamma")


@pytest.mark.parametrize("schedule", [schedules.exponential(0.1, gamma=0.5),
                                      schedules.step_decay(0.1, step_size=3, gamma=0.1),
                                      schedules.cyclic(0.01, 0.1, step_size=4, mode="exp_range", gamma=0.9),
                                      schedules.cosine_restarts(0.1, period=2, mult=3),
                                      schedules.one_cycle(0.1, total=100)])
@pytest.mark.parametrize("t", [10 ** 4, 10 ** 9, 2 ** 62])
def test_decaying_schedules_far_out_stay_finite(schedule, t):
    lr = schedule(t)
    assert isinstance(lr, float) and math.isfinite(lr) and lr >= 0


# -- 4. training that continues on NaN ----------------------------------------------------------------
def _nan_data():
    X = np.random.default_rng(0).standard_normal((12, 4))
    y = np.arange(12) % 3
    return X, y


class _NanAfter(L.Layer):
    """Identity that returns NaN from its ``after``-th forward call in training mode on."""

    def __init__(self, after):
        super().__init__()
        self.calls, self.after = 0, after

    def forward(self, x):
        self.calls += 1
        return x * np.nan if self.calls >= self.after else x

    def backward(self, dout):
        return dout


def _diverging_trainer(after, **kw):
    m = L.Sequential(L.Linear(4, 3, rng=0), _NanAfter(after))
    return Trainer(m, losses.SoftmaxCrossEntropy(), SGD(m.parameters(), lr=0.1), rng=0, **kw)


@pytest.mark.parametrize("after, epoch, batch", [(1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 2, 1), (8, 3, 2)])
def test_the_numpy_trainer_stops_at_the_first_nonfinite_loss(after, epoch, batch):
    X, y = _nan_data()
    t = _diverging_trainer(after)
    before = {k: p.value.copy() for k, p in t.model.parameters().items()}
    with pytest.raises(FloatingPointError, match=rf"Trainer: the loss is nan at epoch {epoch}, batch {batch},"
                                                 r" before that batch's step.*stop_on_nan=False") as info:
        t.fit(X, y, epochs=5, batch_size=4, progress=False)
    assert_raised_by_nnbook(info.value)
    W = t.model.parameters()
    assert all(np.isfinite(p.value).all() for p in W.values())      # the NaN step was never taken
    assert t.steps == after - 1 and (after > 1 or all(np.array_equal(before[k], W[k].value) for k in W))


def test_the_numpy_trainer_trains_on_when_told_to():
    X, y = _nan_data()
    history = _diverging_trainer(2, stop_on_nan=False).fit(X, y, epochs=2, batch_size=4, progress=False)
    assert len(history) == 2 and math.isnan(history.train_loss[-1])
    with pytest.raises(FloatingPointError, match=r"epoch 1 \(train_batch\)"):
        _diverging_trainer(1).train_batch(X[:4], y[:4])


NAN_DATA = [
    (lambda: trainer().fit(np.where(np.eye(6, 4) > 0, NAN, X4), Y3, epochs=1, batch_size=2, progress=False),
     ValueError, r"Trainer.fit: X must be finite .* index \(0, 0\)"),
    (lambda: trainer().fit(X4, Y3, val=(np.full((6, 4), INF), Y3), epochs=1, batch_size=2, progress=False),
     ValueError, r"Trainer.fit \(val\): X must be finite"),
    (lambda: trainer().evaluate(np.full((6, 4), NAN), Y3), ValueError, r"Trainer.evaluate: X must be finite"),
    (lambda: trainer().predict(np.full((2, 4), NAN)), ValueError, r"Trainer.predict: X must be finite"),
    (lambda: trainer().train_batch(np.full((2, 4), NAN), Y3[:2]), ValueError, r"Trainer.train_batch: Xb must be finite"),
    (lambda: cnn_trainer().fit(np.where(IMAGES > 2, NAN, IMAGES), Y3, epochs=1, batch_size=2, progress=False),
     ValueError, r"TorchTrainer.fit: X must be finite"),
    (lambda: cnn_trainer().predict(np.full((2, 1, 8, 8), INF)), ValueError, r"TorchTrainer.predict: X must be finite"),
    (lambda: _range_test(np.where(np.eye(6, 4) > 0, NAN, X4), Y3), ValueError, r"lr_range_test: X must be finite"),
]


@pytest.mark.parametrize("call, error, pattern", NAN_DATA, ids=[p for _, _, p in NAN_DATA])
def test_data_holding_nan_is_refused_at_the_door(call, error, pattern):
    run_case(call, error, pattern)


class _TorchNanAfter(nn.Module):
    def __init__(self, after):
        super().__init__()
        self.linear, self.calls, self.after = nn.Linear(64, 3), 0, after

    def forward(self, x):
        self.calls += self.training          # training steps only (not the trainer's label probe)
        out = self.linear(x.reshape(len(x), -1))
        return out * float("nan") if self.calls >= self.after else out


@pytest.mark.parametrize("after, epoch, batch", [(1, 1, 1), (2, 1, 2), (4, 2, 1)])
def test_the_torch_trainer_stops_at_the_first_nonfinite_loss(after, epoch, batch):
    torch.manual_seed(0)
    net = _TorchNanAfter(after)
    t = TorchTrainer(net, nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=0.1), device="cpu")
    with pytest.raises(FloatingPointError, match=rf"TorchTrainer: the loss is nan at epoch {epoch}, batch {batch}"):
        t.fit(IMAGES, Y3, epochs=3, batch_size=2, progress=False)        # 6 samples: 3 batches an epoch
    assert all(torch.isfinite(p).all() for p in net.parameters())
    net2 = _TorchNanAfter(after)
    t2 = TorchTrainer(net2, nn.CrossEntropyLoss(), torch.optim.SGD(net2.parameters(), lr=0.1),
                      device="cpu", stop_on_nan=False)
    assert len(t2.fit(IMAGES, Y3, epochs=2, batch_size=2, progress=False)) == 2


def test_the_lr_range_test_stops_on_a_broken_model_and_ends_on_divergence():
    m = L.Sequential(L.Linear(4, 3, rng=0), _NanAfter(1))
    opt = SGD(m.parameters(), lr=0.1)
    with pytest.raises(FloatingPointError, match=r"lr_range_test: the loss is nan at the first step"):
        lr_range_test(m, losses.SoftmaxCrossEntropy(), opt, X4, Y3, batch_size=2)
    m = L.Sequential(L.Linear(4, 3, rng=0), _NanAfter(1))
    result = lr_range_test(m, losses.SoftmaxCrossEntropy(), SGD(m.parameters(), lr=0.1), X4, Y3,
                           batch_size=2, stop_on_nan=False)
    assert result.stopped_early and len(result.lrs) == 1
    m = L.Sequential(L.Linear(4, 3, rng=0), _NanAfter(3))   # the rate "diverges" at step 3
    result = lr_range_test(m, losses.SoftmaxCrossEntropy(), SGD(m.parameters(), lr=0.1), X4, Y3, batch_size=2)
    assert result.stopped_early and len(result.lrs) == 3 and math.isnan(result.losses[-1])


@pytest.mark.parametrize("bad", [NAN, INF, -1.0, "0.1", None, -INF])
def test_a_schedule_returning_nan_is_never_passed_on(bad):
    wrapped = schedules.warmup(lambda t: bad, steps=3)
    with pytest.raises(ValueError, match=r"warmup: the wrapped schedule .* returned"):
        wrapped(0)
    with pytest.raises(ValueError, match=r"warmup: the wrapped schedule .* returned .* at t=2"):
        wrapped(5)
    for per in ("epoch", "step"):
        t = trainer(schedule=lambda step: bad, schedule_per=per)
        with pytest.raises(ValueError, match=rf"Trainer: the schedule .* returned .* for {per} t=0"):
            t.fit(X4, Y3, epochs=1, batch_size=2, progress=False)


# -- 5. options silently changed or swallowed ---------------------------------------------------------
SWALLOWED = [
    (lambda: schedules.ReduceOnPlateau(0.1, cooldown=1.5), TypeError, r"ReduceOnPlateau: cooldown must be a non-negative"),
    (lambda: schedules.ReduceOnPlateau(0.1, patience=2.0), TypeError, r"patience must be .* pass patience=2 \(an int"),
    (lambda: schedules.ReduceOnPlateau(0.1, cooldown=True), TypeError, r"cooldown must be"),
    (lambda: ResNet(**TINY_CNN, batchnrom=True), TypeError, r"ResNet: unexpected keyword argument 'batchnrom'; did you mean 'batchnorm'"),
    (lambda: ResNet(**TINY_CNN, bottleneck="False"), TypeError, r"ResNet: bottleneck must be True or False"),
    (lambda: ResNet(**TINY_CNN, batchnorm=1), TypeError, r"ResNet: batchnorm must be True or False"),
    (lambda: ResNet(**TINY_CNN, dropout=1.0), ValueError, r"ResNet: dropout must be a finite number in \[0, 1\)"),
    (lambda: ResNet(**TINY_CNN, activation="tanh"), TypeError, r"did you mean 'activation_type'"),
    (lambda: ResNet(**TINY_CNN, kernel_sizes=[5]), TypeError, r"ResNet: unexpected keyword argument 'kernel_sizes'"),
    (lambda: CNN(**TINY_CNN, activation_params=dict(negative_slop=0.1), activation_type="lrelu"), TypeError,
     r"activation_params for nn.LeakyReLU: unexpected keyword argument 'negative_slop'; did you mean 'negative_slope'"),
    (lambda: CNN(**TINY_CNN, activation_type="tanh", activation_params=dict(negative_slope=0.1)), TypeError,
     r"activation_params for nn.Tanh: unexpected keyword argument 'negative_slope'"),
    (lambda: CNN(**TINY_CNN, activation_type="Tanh"), ValueError, r"did you mean 'tanh'"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, paddding=1)), TypeError,
     r"conv_params for nn.Conv2d: unexpected keyword argument 'paddding'; did you mean 'padding'"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(padding=1)), ValueError, r"conv_params must give the kernel_size"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, bias="False")), TypeError,
     r"conv_params\['bias'\] must be True or False"),
    (lambda: CNN(**TINY_CNN, pooling_params=dict(kernel_size=2, ceil_mode="yes")), TypeError,
     r"pooling_params\['ceil_mode'\] must be True or False"),
    (lambda: CNN(**TINY_CNN, pooling_params=dict(kernel=2)), TypeError, r"did you mean 'kernel_size'"),
    (lambda: ResidualBlock(3, [4], [3], batchnrom=True), TypeError, r"ResidualBlock: unexpected keyword argument 'batchnrom'"),
    (lambda: ResidualBlock(3, [4], [3], batchnorm="False"), TypeError, r"ResidualBlock: batchnorm must be True or False"),
    (lambda: ResidualBottleneckBlock(8, [4], [3], droput=0.1), TypeError, r"did you mean 'dropout'"),
    (lambda: ResidualBottleneckBlock(8, [4], [3], batchnorm="True"), TypeError, r"batchnorm must be True or False"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, epochs=2, batch_size=2, early_stopping=0, progress=False),
     ValueError, r"TorchTrainer.fit: early_stopping must be a positive integer"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, epochs=2, batch_size=2, early_stopping=1.5, progress=False),
     TypeError, r"TorchTrainer.fit: early_stopping must be"),
    (lambda: cnn_trainer().fit(IMAGES, Y3 + 0.5, epochs=1, batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: y must be a integer array.*\.astype\(int\)"),
    (lambda: cnn_trainer().fit(IMAGES, Y3.astype(float), epochs=1, batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: y must be a integer array"),
    (lambda: cnn_trainer().evaluate(IMAGES, Y3.astype(np.float32)), TypeError, r"TorchTrainer.evaluate: y must be"),
    (lambda: _complex_step(), TypeError, r"parameter 'W': grad must hold real numbers, got dtype complex128"),
    (lambda: _complex_step(Adam), TypeError, r"grad must hold real numbers"),
    (lambda: augment.random_shift(IMAGES.astype(np.uint8), 1, rng=0, fill=-1), ValueError, r"fill must be a whole number in \[0, 255\]"),
    (lambda: augment.gaussian_noise(IMAGES.astype(np.uint8), 0.1, rng=0), TypeError, r"gaussian_noise: X must be a floating-point"),
    (lambda: augment.Compose(augment.RandomShift(1))(IMAGES, None), TypeError, r"Compose: rng must be .* got None"),
]


def _complex_step(cls=SGD):
    p = L.Parameter(np.zeros(3))
    p.grad = np.ones(3, complex)
    cls({"W": p}, lr=0.1).step()


@pytest.mark.parametrize("call, error, pattern", SWALLOWED, ids=[p[:60] for _, _, p in SWALLOWED])
def test_options_are_never_silently_changed_or_swallowed(call, error, pattern):
    run_case(call, error, pattern)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int64, np.float32, np.float64])
def test_augmentation_keeps_the_dtype(dtype):
    X = (np.arange(2 * 1 * 5 * 5) % 7).reshape(2, 1, 5, 5).astype(dtype)
    for out in (augment.random_shift(X, 2, rng=0), augment.random_flip(X, rng=0, p=1.0),
                augment.RandomShift(1)(X, 0), augment.Compose(augment.RandomFlip(1.0))(X, 0)):
        assert out.dtype == X.dtype and out.shape == X.shape
    assert set(np.unique(augment.random_shift(X, 2, rng=0))) <= set(np.unique(X)) | {0}


@pytest.mark.parametrize("patience", [1, 2, 4])
def test_torch_trainer_early_stopping_waits_patience_epochs(patience):
    torch.manual_seed(0)
    net = CNN(**TINY_CNN)
    t = TorchTrainer(net, nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=0.0), device="cpu")
    h = t.fit(IMAGES, Y3, val=(IMAGES, Y3), epochs=10, batch_size=3, early_stopping=patience, progress=False)
    # with a rate of 0 nothing improves after epoch 1: stop after 1 + patience epochs
    assert h.best_epoch == 1 and h.stopped_early and len(h) == 1 + patience


# -- 6. errors at nnbook's door, not from inside torch or numpy ---------------------------------------
DOOR = [
    (lambda: cnn_trainer().fit(IMAGES, np.array([0, 1, 2, 3, 0, 1]), epochs=1, batch_size=6, progress=False),
     ValueError, r"TorchTrainer.fit: label y\[3\] = 3 is out of range for a model with 3 classes"),
    (lambda: cnn_trainer().fit(IMAGES, np.array([0, -1, 2, 0, 1, 2]), epochs=1, batch_size=2, progress=False),
     ValueError, r"class labels are 0, ..., C-1; got y\[1\] = -1"),
    (lambda: cnn_trainer().evaluate(IMAGES, np.full(6, 7)), ValueError, r"label y\[0\] = 7 is out of range"),
    (lambda: cnn_trainer().fit(IMAGES.reshape(6, 64), Y3, epochs=1, batch_size=2, progress=False), ValueError,
     r"takes images of shape \(N, 1, 8, 8\), got X of shape \(6, 64\); these look like flattened"),
    (lambda: cnn_trainer().predict(IMAGES[:, :, :4]), ValueError, r"takes images of shape \(N, 1, 8, 8\)"),
    (lambda: CNN(**TINY_CNN)(torch.zeros(2, 64)), ValueError, r"CNN expects images of shape \(N, \*in_size\).* flattened"),
    (lambda: cnn_trainer().fit(IMAGES, Y3[:5], epochs=1, batch_size=2, progress=False), ValueError,
     r"TorchTrainer.fit: X and y must have the same number of samples N, got 6 images and 5 labels"),
    (lambda: trainer().fit(X4, Y3[:5], epochs=1, batch_size=2, progress=False), ValueError,
     r"Trainer.fit: X and y must have the same number"),
    (lambda: _range_test(X4, Y3[:4]), ValueError, r"lr_range_test expects X \(N, ...\) and y \(N,\) with the same N"),
    (lambda: cnn_trainer(rng="abc"), TypeError, r"TorchTrainer: rng must be a seed"),
    (lambda: cnn_trainer(rng=-1), ValueError, r"TorchTrainer: rng must be a seed .* cannot be negative"),
    (lambda: cnn_trainer(rng=1.5), TypeError, r"TorchTrainer: rng must be"),
    (lambda: augment.random_shift(IMAGES, 1, rng="abc"), TypeError, r"random_shift: rng must be a seed"),
    (lambda: augment.random_shift(IMAGES, 1, rng=-1), ValueError, r"random_shift: rng must be a seed"),
    (lambda: augment.gaussian_noise(IMAGES, 0.1, rng=np.random.RandomState(0)), TypeError, r"legacy RandomState"),
    (lambda: _range_test(X4, Y3, rng=-1), ValueError, r"lr_range_test: rng must be a seed"),
    (lambda: _range_test(X4, Y3, rng="abc"), TypeError, r"lr_range_test: rng must be a seed"),
    (lambda: conv.Dropout2d(0.5, rng="abc"), TypeError, r"Dropout2d: rng must be a seed"),
    (lambda: conv.Conv2d(1, 2, 3, rng=-1), ValueError, r"Conv2d: rng must be a seed"),
    (lambda: CNN(**{**TINY_CNN, "channels": [6]}, conv_params=dict(kernel_size=3, groups=4)), ValueError,
     r"conv_params\['groups'\] = 4 must divide the input and output channels .* 1 → 6"),
    (lambda: CNN(**{**TINY_CNN, "in_size": (4, 8, 8), "channels": [6]}, conv_params=dict(kernel_size=3, groups=4)),
     ValueError, r"groups'\] = 4 must divide"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, groups=0)), ValueError, r"conv_params\['groups'\] must be a positive"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, padding_mode="mirror")), ValueError,
     r"CNN: conv_params .* do not make an nn.Conv2d"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, padding=-1)), ValueError,
     r"CNN: conv_params\['padding'\] must be an integer ≥ 0"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3.0)), TypeError, r"CNN: conv_params\['kernel_size'\] must be"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, stride=0)), ValueError, r"conv_params\['stride'\] must be"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=3, padding="full")), TypeError, r"conv_params\['padding'\]"),
    (lambda: CNN(**TINY_CNN, pooling_params=dict(kernel_size=2, padding=2)), ValueError, r"CNN: pooling_params .* do not make|shrink"),
    (lambda: CNN(**TINY_CNN, conv_params=dict(kernel_size=9)), ValueError, r"shrink an image of size \(1, 8, 8\) to nothing"),
    (lambda: cnn_trainer().predict(IMAGES, batch_size=0), ValueError, r"TorchTrainer.predict: batch_size must be a positive"),
    (lambda: cnn_trainer().evaluate(IMAGES, Y3, batch_size=-1), ValueError, r"TorchTrainer.evaluate: batch_size must be"),
    (lambda: cnn_trainer().train_epoch(IMAGES, Y3, batch_size=0), ValueError, r"TorchTrainer.train_epoch: batch_size"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, val=(IMAGES,), epochs=1, batch_size=2, progress=False), ValueError,
     r"TorchTrainer.fit: val must be a pair \(X_val, y_val\), got .* it has 1 items"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, val=IMAGES, epochs=1, batch_size=2, progress=False), TypeError,
     r"TorchTrainer.fit: val must be a pair"),
    (lambda: cnn_trainer().fit(IMAGES, Y3, val=(IMAGES, Y3[:2]), epochs=1, batch_size=2, progress=False),
     ValueError, r"TorchTrainer.fit \(val\): X and y must have the same number"),
    (lambda: trainer().fit(X4, Y3, val=(X4,), epochs=1, batch_size=2, progress=False), ValueError, r"val must be a pair"),
    (lambda: _readonly_parameter(), ValueError, r"Parameter: value must be a writable array"),
    (lambda: _readonly_step(), ValueError, r"parameter 'W': its value is a read-only array"),
    (lambda: TorchTrainer(nn.Linear(2, 2), nn.CrossEntropyLoss(), torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)),
     ValueError, r"the optimizer does not hold this model's parameters"),
    (lambda: conv.Conv2d(3, 4, 3)(IMAGES), ValueError, r"expects x of shape \(N, 3, H, W\)"),
    (lambda: conv.Conv2d(1, 4, 3)(IMAGES.reshape(6, 64)), ValueError, r"these look like flattened images"),
    (lambda: conv.conv2d_backward(np.zeros((6, 4, 5, 5)), conv.conv2d_forward(IMAGES, W3, B4)[1]), ValueError,
     r"conv2d_backward expects dout of shape \(N, F, H', W'\) = \(6, 4, 6, 6\)"),
]


def _readonly_parameter():
    value = np.zeros(3)
    value.setflags(write=False)
    return L.Parameter(value)


def _readonly_step():
    p = L.Parameter(np.zeros(3))
    p.value.setflags(write=False)
    SGD({"W": p}, lr=0.1).step()


@pytest.mark.parametrize("call, error, pattern", DOOR, ids=[p[:60] for _, _, p in DOOR])
def test_errors_are_raised_at_nnbooks_door_not_inside_torch_or_numpy(call, error, pattern):
    run_case(call, error, pattern)


# -- 7. damaged checkpoint files ----------------------------------------------------------------------
def _damaged_files(tmp: pathlib.Path, good: pathlib.Path, kind: str) -> dict[str, pathlib.Path]:
    import io
    import zipfile
    raw = good.read_bytes()
    files = {"empty": b"", "garbage": b"PK\x03\x04 not a zip archive", "text": b"hello\n" * 50,
             "truncated-half": raw[: len(raw) // 2], "truncated-tail": raw[:-30],
             "flipped-middle": raw[: len(raw) // 2] + bytes(b ^ 0xFF for b in raw[len(raw) // 2: len(raw) // 2 + 64])
             + raw[len(raw) // 2 + 64:]}
    buf = io.BytesIO()
    np.save(buf, np.zeros(3))
    files["npy"] = buf.getvalue()
    for name, members in {"zip-not-npy": {"nnbook_model.npy": b"not an array"},
                          "zip-empty": {},
                          "json-garbage": None, "strings-as-weights": None, "wrong-format": None}.items():
        buf = io.BytesIO()
        if members is not None:
            with zipfile.ZipFile(buf, "w") as z:
                for member, data in members.items():
                    z.writestr(member, data)
        else:
            with np.load(good) as data:
                arrays = {k: data[k] for k in data.files}
            if name == "json-garbage":
                arrays["json" if kind == "model" else "model_json"] = np.asarray("{not json")
            elif name == "strings-as-weights":
                arrays = {k: (np.full(v.shape, "x") if k.startswith(("state/", "param/")) else v)
                          for k, v in arrays.items()}
            elif kind == "model":
                arrays["nnbook_model"] = np.asarray("nnbook-model-99")
            else:
                arrays["epoch"] = np.asarray(-3)
            np.savez(buf, **arrays)
        files[name] = buf.getvalue()
    buf = io.BytesIO()                                     # a compressed archive with damaged data
    with np.load(good) as data:
        np.savez_compressed(buf, **{k: data[k] for k in data.files})
    compressed = bytearray(buf.getvalue())
    for i in range(200, min(len(compressed) - 200, 1200)):
        compressed[i] ^= 0x55
    files["compressed-damaged"] = bytes(compressed)
    paths = {}
    for name, data in files.items():
        paths[name] = tmp / f"{name}.npz"
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize("kind", ["model", "trainer"])
def test_damaged_checkpoint_files_are_clear_errors_and_change_nothing(tmp_path, kind):
    good = tmp_path / "good.npz"
    if kind == "model":
        m = model()
        checkpoint.save_model(m, good)
        load = lambda path: checkpoint.load_model(m, path)           # noqa: E731
        pattern = r"model file .* (cannot be read|is damaged|holds a single array|is an .npz archive|has format)"
    else:
        t = trainer(rng=0)
        t.save(good)
        m = t.model
        load = t.load                                                 # noqa: E731
        pattern = r"Trainer.load: checkpoint .* (cannot be read|is damaged|does not fit)"
    before = {k: p.value.copy() for k, p in m.parameters().items()}
    for name, path in _damaged_files(tmp_path, good, kind).items():
        with pytest.raises(ValueError, match=pattern) as info:
            load(path)
        assert_raised_by_nnbook(info.value)
        assert all(np.array_equal(before[k], p.value) for k, p in m.parameters().items()), name
    with pytest.raises(ValueError, match=r"is a directory"):
        load(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"does not exist"):
        load(tmp_path / "missing.npz")
    load(good)                                                        # the good file still loads


# -- the sweep, over the newer modules ----------------------------------------------------------------
SWEEP_NEWER = [
    (conv.Conv2d, dict(in_channels=1, out_channels=2, kernel_size=3, stride=1, padding=0, dilation=1,
                       bias=True, init="he", rng=0), ()),
    (conv.MaxPool2d, dict(kernel_size=2, stride=2, padding=0), ()),
    (conv.AvgPool2d, dict(kernel_size=2, stride=None, padding=0), ()),
    (conv.Dropout2d, dict(p=0.5, rng=0), ()),
    (conv.output_size, dict(size=8, kernel=3, stride=1, padding=0, dilation=1), ()),
    (conv.conv2d_forward, dict(x=IMAGES, w=W3, b=B4, stride=1, padding=1, dilation=1), ()),
    (conv.conv2d_forward_naive, dict(x=IMAGES[:1], w=W3, b=B4, stride=1, padding=0, dilation=1), ()),
    (conv.im2col, dict(x=IMAGES, kernel=3, stride=1, padding=0, dilation=1), ()),
    (lambda x: conv.Conv2d(1, 2, 3, rng=0)(x), dict(x=IMAGES), ()),
    (lambda x: conv.MaxPool2d(2)(x), dict(x=IMAGES), ()),
    (lambda x: conv.Flatten()(x), dict(x=IMAGES), ()),
    (augment.random_shift, dict(X=IMAGES, max_shift=1, rng=0, fill=0.0, image_shape=None), ()),
    (augment.random_flip, dict(X=IMAGES, rng=0, p=0.5, axis="horizontal", image_shape=None), ()),
    (augment.gaussian_noise, dict(X=IMAGES, std=0.1, rng=0, clip=None, image_shape=None), ()),
    (augment.RandomShift, dict(max_shift=1, fill=0.0, image_shape=None), ()),
    (augment.RandomFlip, dict(p=0.5, axis="horizontal", image_shape=None), ()),
    (augment.GaussianNoise, dict(std=0.1, clip=None, image_shape=None), ()),
    (schedules.constant, dict(lr=0.1), ()),
    (schedules.step_decay, dict(lr=0.1, step_size=2, gamma=0.5), ()),
    (schedules.exponential, dict(lr=0.1, gamma=0.9), ()),
    (schedules.cosine, dict(lr=0.1, total=10, min_lr=0.0), ()),
    (schedules.cyclic, dict(base_lr=0.01, max_lr=0.1, step_size=4, mode="triangular", gamma=1.0), ()),
    (schedules.one_cycle, dict(max_lr=0.1, total=100, pct_start=0.3, div_factor=25.0, final_div_factor=1e4), ()),
    (schedules.cosine_restarts, dict(lr=0.1, period=5, mult=1, min_lr=0.0), ()),
    (schedules.warmup, dict(schedule=schedules.constant(0.1), steps=3), ()),
    (schedules.ReduceOnPlateau, dict(lr=0.1, factor=0.5, patience=2, threshold=1e-4, cooldown=0, min_lr=0.0), ()),
    (lambda t: schedules.cosine(0.1, total=10)(t), dict(t=3), ()),
    (lambda X, y, batch_size, steps, min_lr, max_lr, smooth, diverge, rng:
     _range_test(X, y, batch_size=batch_size, steps=steps, min_lr=min_lr, max_lr=max_lr, smooth=smooth,
                 diverge=diverge, rng=rng),
     dict(X=X4, y=Y3, batch_size=2, steps=3, min_lr=1e-4, max_lr=1.0, smooth=0.9, diverge=4.0, rng=0), ()),
    (CNN, dict(**TINY_CNN, conv_params=None, activation_type="relu", activation_params=None,
               pooling_type="max", pooling_params=None), ()),
    (ResNet, dict(**TINY_CNN, batchnorm=False, dropout=0.0, bottleneck=False), ()),
    (ResidualBlock, dict(in_channels=3, channels=[4], kernel_sizes=[3], batchnorm=False, dropout=0.0,
                         activation_type="relu", activation_params=None), ()),
    (ResidualBottleneckBlock, dict(in_out_channels=8, inner_channels=[4], inner_kernel_sizes=[3]), ()),
    (lambda rng, stop_on_nan: cnn_trainer(rng=rng, stop_on_nan=stop_on_nan), dict(rng=0, stop_on_nan=True), ()),
    (lambda X, y, epochs, batch_size, early_stopping, progress:
     cnn_trainer().fit(X, y, epochs=epochs, batch_size=batch_size, early_stopping=early_stopping,
                       progress=progress),
     dict(X=IMAGES, y=Y3, epochs=1, batch_size=3, early_stopping=None, progress=False), ()),
    (lambda X, batch_size: cnn_trainer().predict(X, batch_size=batch_size), dict(X=IMAGES, batch_size=4), ()),
    (lambda path: checkpoint.save_model(model(), path), dict(path="/tmp/pkg-sweep-model.npz"), ()),
    (lambda path: checkpoint.read_model_file(path), dict(path="/tmp/pkg-sweep-model.npz"), ()),
]
SWEEP_NEWER_CASES = [(fn, base, arg, bad) for fn, base, skip in SWEEP_NEWER for arg in base if arg not in skip
                     for bad in BAD_VALUES]


@pytest.mark.parametrize("fn, base, arg, bad", SWEEP_NEWER_CASES,
                         ids=[f"{getattr(fn, '__name__', 'f')}-{arg}-{bad}" for fn, base, arg, bad in SWEEP_NEWER_CASES])
def test_sweep_of_the_newer_modules(fn, base, arg, bad):
    if arg == "path" and bad in ("str", "zero", "neg", "bool"):
        pytest.skip("a str is a valid path; open(0) and open(-1) are guarded by the str/PathLike check")
    test_sweep_no_raw_error_and_no_silent_nan(fn, base, arg, bad)
