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
import traceback

import numpy as np
import pytest

import nnbook
from nnbook import init, layers as L, losses, metrics, regularizers
from nnbook.data import (BatchLoader, fetch, load_mnist, Standardizer, iterate_minibatches, load, load_digits, make_blobs,
                         make_moons, make_spirals, train_val_test_split)
from nnbook.gradcheck import check_layer, numerical_gradient, rel_error
from nnbook.optim import SGD
from nnbook.training import Trainer

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
    ("Softmax-forward-scalar", lambda: L.Softmax()(3.0), ValueError, r"Softmax expects at least one axis"),
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
    ("add_child-not-layer", lambda: L.Sequential().add_child("a", 3), TypeError, r"add_child: 'a' must be a Layer"),
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
    ("SCE-y-range", lambda: losses.SoftmaxCrossEntropy()(np.zeros((2, 3)), [0, 5]), ValueError, r"label 5 at index 1"),
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
    ("roc_curve-nonbinary", lambda: metrics.roc_curve([0, 2], [0.1, 0.2]), ValueError, r"roc_curve expects binary labels"),
    ("roc_curve-nan", lambda: metrics.roc_curve([0, 1], [NAN, 0.2]), ValueError, r"roc_curve: scores contain NaN"),
    ("roc_auc-one-class", lambda: metrics.roc_auc([1, 1], [0.1, 0.2]), ValueError, r"roc_auc needs both classes in y_true"),
    ("roc_auc-scores-str", lambda: metrics.roc_auc([0, 1], ["a", "b"]), TypeError, r"roc_auc: scores must be a floating-point"),
    *[(f"choose_threshold-method={v!r}", lambda v=v: metrics.choose_threshold([0, 1], [0.1, 0.9], method=v), e, pattern)
      for v, e, pattern in [("f1", ValueError, r"choose_threshold: method must be"),
                            (("target_tpr", 1.5), ValueError, r"target TPR r of \('target_tpr', r\) must be"),
                            (("target_tpr", NAN), ValueError, r"target TPR r"),
                            (("target_tpr", "0.5"), TypeError, r"target TPR r"),
                            (3, ValueError, r"choose_threshold: method must be")]],
    # -- regularizers -------------------------------------------------------------------------------
    *[(f"{cls.__name__}-lam={v!r}", lambda cls=cls, v=v: cls(v), e, fr"{cls.__name__}: lam \(the penalty's strength λ\) must be")
      for cls in (regularizers.L2, regularizers.L1)
      for v, e in [(-1, ValueError), (NAN, ValueError), ("0.1", TypeError), (True, TypeError), (INF, ValueError),
                   (None, TypeError)]],
    ("L2-penalty-list", lambda: regularizers.L2(0.1).penalty([1, 2]), TypeError, r"regularizers take the dict name -> Parameter"),
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
    ("fit-val", lambda: trainer().fit(X4, Y3, val=X4, epochs=1, batch_size=2, progress=False), ValueError,
     r"Trainer.fit: val must be a pair"),
    ("fit-X-str", lambda: trainer().fit("X", Y3, epochs=1, batch_size=2, progress=False), TypeError, r"Trainer.fit: X must be an array"),
    ("predict-batch_size", lambda: trainer().predict(X4, batch_size=0), ValueError, r"Trainer.predict: batch_size must be"),
    ("train_batch-length", lambda: trainer().train_batch(X4, Y3[:3]), ValueError, r"Trainer.train_batch: X and y must have the same"),
]


def test_there_are_at_least_150_cases():
    assert len(CASES) >= 150, len(CASES)


@pytest.mark.parametrize("call, error, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    _assert_raised_by_nnbook(info.value)


def test_corrupt_checkpoint_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"Trainer.load: checkpoint .* cannot be read: it is truncated") as info:
        trainer().load(garbage_checkpoint(tmp_path))
    _assert_raised_by_nnbook(info.value)


# -- the sweep ---------------------------------------------------------------------------------------
NNBOOK = pathlib.Path(nnbook.__file__).resolve().parent


def _assert_raised_by_nnbook(error: BaseException) -> None:
    """The innermost frame of the traceback is nnbook's code, not numpy's or Python's."""
    frames = traceback.extract_tb(error.__traceback__)
    origin = pathlib.Path(frames[-1].filename).resolve()
    assert NNBOOK in origin.parents, (f"{type(error).__name__} raised inside {origin}:{frames[-1].lineno}, "
                                      f"not by nnbook: {error}")


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


def _has_nan(result) -> bool:
    if isinstance(result, (tuple, list)):
        return any(_has_nan(r) for r in result)
    if isinstance(result, (float, np.floating)):
        return math.isnan(result)
    if isinstance(result, np.ndarray) and result.dtype.kind == "f":
        return bool(np.isnan(result).any())
    return False


@pytest.mark.parametrize("fn, base, arg, bad", SWEEP_CASES,
                         ids=[f"{getattr(fn, '__name__', 'f')}-{arg}-{bad}" for fn, base, arg, bad in SWEEP_CASES])
def test_sweep_no_raw_error_and_no_silent_nan(fn, base, arg, bad):
    kwargs = {**base, arg: BAD_VALUES[bad]}
    try:
        result = fn(**kwargs)
    except (ValueError, TypeError) as e:
        _assert_raised_by_nnbook(e)
        assert re.search(rf"\b{arg}\b", str(e)) or (arg == "name" and "dataset" in str(e)), \
            f"the message does not name {arg!r}: {e}"
        return
    assert not _has_nan(result), f"{arg}={bad!r} gave a NaN result without an error"
