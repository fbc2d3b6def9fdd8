"""The bad-input sweep over every public module of nnbook (issue 23, "one way to validate").

It extends the sweep of ``test_bad_input.py`` to the whole package. Each entry of ``SWEEP`` is a
public callable with a valid call (baseline keyword arguments); ``inspect.signature`` lists its
arguments, and each argument in turn receives every value of a battery of bad values:

* wrong kinds (``KINDS``): None, a string, an object, a complex number, a bool where a number
  belongs, an object array, a string array, a complex array. These must be a ``TypeError``.
* wrong values (``VALUES``): -1, 0, 2.5, a huge integer, NaN, infinity, an empty list.
* broken arrays (``ARRAYS``, derived from an array baseline): empty (0 samples), one axis more,
  one axis less, a NaN or an infinite entry, one sample short of the other arrays, float labels
  and labels out of range (integer baselines).

Each outcome is classified: a ``TypeError``/``ValueError`` raised by nnbook's own code whose
message names the argument passes; an error raised inside numpy, torch or Python, or of another
class (IndexError, ZeroDivisionError, RuntimeError...) is ``raw``; an nnbook error that does not
name the argument is ``unnamed``; a wrong kind answered with a ValueError is ``class``; a result
is ``silent`` unless the value is legitimately accepted: None for an argument whose default is
None, or an entry of ``ACCEPTED`` (each with its reason); a result holding NaN is always
``silent``.

``python tests/package/test_bad_input_sweep.py`` prints the cases and failures per module and
class of bad input.
"""
from __future__ import annotations

import collections
import contextlib
import inspect
import io
import os
import pathlib
import re
import signal
import sys
import time
import traceback

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

import nnbook  # noqa: E402
from nnbook import cli, gradcheck, gradflow, init, layers as L, losses, metrics, norm, optim  # noqa: E402
from nnbook import plots, regularizers, search, source, surfaces, torch_bridge, widgets  # noqa: E402
from tests.bad_input import has_nonfinite, raised_by_nnbook  # noqa: E402
from nnbook.data import batches, canvas, datasets  # noqa: E402
from nnbook.training import History, Trainer  # noqa: E402

NAN, INF = float("nan"), float("inf")
X4 = np.random.default_rng(0).standard_normal((6, 4))
Y3 = np.array([0, 1, 2, 0, 1, 2])
IMG = np.random.default_rng(1).standard_normal((6, 2, 3, 3))
TMP = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"nnbook-sweep-{os.getpid()}"


# -- the battery --------------------------------------------------------------------------------
class _Thing:
    def __repr__(self):
        return "<object>"


KINDS = {"None": None, "str": "x", "object": _Thing(), "complex": 1 + 2j, "bool": True,
         "object-array": np.array([_Thing(), _Thing()], dtype=object)}
VALUES = {"neg": -1, "zero": 0, "float": 2.5, "huge": 10 ** 30, "nan": NAN, "inf": INF, "empty-list": []}


def array_variants(base: np.ndarray, several_arrays: bool) -> dict:
    """Broken copies of a valid array argument."""
    out = {"empty": base[:0], "ndim+1": base[..., None], "str-array": base.astype(str),
           "complex-array": base.astype(complex)}
    if base.ndim >= 1:
        out["ndim-1"] = base[0]
    if base.dtype.kind == "f" and base.size:
        for name, v in (("nan-entry", NAN), ("inf-entry", INF)):
            b = base.copy()
            b.flat[0] = v
            out[name] = b
    if base.dtype.kind in "iu":
        out["float-labels"] = base + 0.5
        out["labels-out-of-range"] = base + 100
        out["negative-labels"] = base - 100
    if several_arrays and base.ndim >= 1 and len(base) > 1:
        out["short"] = base[:-1]
    return out


def class_of(bad: str) -> str:
    if bad in KINDS or bad in ("str-array", "complex-array"):
        return "kind"
    if bad in VALUES:
        return "value"
    return "array"


MUST_BE_TYPEERROR = {"str", "object", "complex", "object-array", "str-array", "complex-array"}


# -- fixtures the baselines use -------------------------------------------------------------------
def mlp():
    return L.Sequential(L.Linear(4, 5, rng=0), L.ReLU(), L.Linear(5, 3, rng=1))


def params():
    return mlp().parameters()


def params_with_grads():
    m = mlp()
    m.forward(X4)
    m.backward(np.ones((6, 3)))
    return m.parameters()


def trainer(**kw):
    m = mlp()
    return Trainer(m, losses.SoftmaxCrossEntropy(), optim.SGD(m.parameters(), lr=0.1), rng=0, **kw)


def fitted(layer, x):
    layer.forward(x)
    return layer


def history():
    return trainer().fit(X4, Y3, val=(X4, Y3), epochs=2, batch_size=3, progress=False)


def saved_trainer() -> str:
    TMP.mkdir(exist_ok=True)
    path = TMP / "trainer.npz"
    if not path.exists():
        trainer().save(path)
    return str(path)


def axes():
    return plt.figure().add_subplot()


def _book_style(formats):
    with matplotlib.rc_context():                       # leave the other tests' style alone
        return plots.use_book_style(formats=formats)


def _annotate(values, fmt):
    ax = axes()
    return plots.annotate_cells(ax, ax.imshow(np.eye(2)), values, fmt)


def draw_line(ax, *, w=1.0):
    ax.plot([0, 1], [0, w])


class _Registered(L.ReLU):
    pass


def objective(p):
    return -(p["x"] - 0.3) ** 2


# -- the sweep: (module, name, function, baseline keyword arguments, arguments left alone) ---------
SWEEP = [
    # layers
    ("layers", "Linear", L.Linear, dict(in_features=4, out_features=3, init="he", dtype=np.float64, rng=0), ()),
    ("layers", "LeakyReLU", L.LeakyReLU, dict(negative_slope=0.1), ()),
    ("layers", "Dropout", L.Dropout, dict(p=0.5, rng=0), ()),
    ("layers", "Parameter", L.Parameter, dict(value=np.zeros(3)), ()),
    ("layers", "sigmoid", L.sigmoid, dict(x=X4), ()),
    ("layers", "softmax", L.softmax, dict(x=X4, axis=-1), ()),
    *[("layers", f"{cls.__name__}.forward", lambda x, cls=cls: cls()(x), dict(x=X4), ())
      for cls in (L.ReLU, L.Sigmoid, L.Tanh, L.Softmax)],
    ("layers", "LeakyReLU.forward", lambda x: L.LeakyReLU(0.1)(x), dict(x=X4), ()),
    ("layers", "Dropout.forward", lambda x: L.Dropout(0.5, rng=0)(x), dict(x=X4), ()),
    ("layers", "Linear.forward", lambda x: L.Linear(4, 3, rng=0)(x), dict(x=X4), ()),
    ("layers", "Sequential.forward", lambda x: mlp()(x), dict(x=X4), ()),
    *[("layers", f"{cls.__name__}.backward", lambda dout, cls=cls: fitted(cls(), X4).backward(dout),
       dict(dout=np.ones((6, 4))), ()) for cls in (L.ReLU, L.Sigmoid, L.Tanh, L.Softmax)],
    ("layers", "Linear.backward", lambda dout: fitted(L.Linear(4, 3, rng=0), X4).backward(dout),
     dict(dout=np.ones((6, 3))), ()),
    ("layers", "Sequential.backward", lambda dout: fitted(mlp(), X4).backward(dout), dict(dout=np.ones((6, 3))), ()),
    ("layers", "Layer.train", lambda mode: mlp().train(mode), dict(mode=True), ()),
    ("layers", "Layer.submodule", lambda path: mlp().submodule(path), dict(path="0"), ()),
    ("layers", "Layer.load_state_dict", lambda state: mlp().load_state_dict(state), dict(state=mlp().state_dict()), ()),
    ("layers", "Layer.add_child", lambda name, layer: L.Sequential().add_child(name, layer),
     dict(name="a", layer=L.ReLU()), ()),
    ("layers", "Layer.register_buffer", lambda name, value: L.ReLU().register_buffer(name, value),
     dict(name="a", value=np.zeros(3)), ()),
    # losses
    *[("losses", f"{cls.__name__}.forward", lambda scores, y, cls=cls: cls()(scores, y), base, ())
      for cls, base in ((losses.SoftmaxCrossEntropy, dict(scores=X4[:, :3], y=Y3)),
                        (losses.MSE, dict(scores=X4, y=X4 + 1)),
                        (losses.BinaryCrossEntropy, dict(scores=X4[:, 0], y=(Y3 > 0).astype(float))))],
    ("losses", "log_softmax", losses.log_softmax, dict(scores=X4), ()),
    # optim
    *[("optim", cls.__name__, cls, dict(params=params(), lr=0.1, **extra), ())
      for cls, extra in ((optim.SGD, dict(momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0)),
                         (optim.RMSProp, dict(alpha=0.99, eps=1e-8, momentum=0.0, centered=False, weight_decay=0.0)),
                         (optim.Adam, dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False)),
                         (optim.AdamW, dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False)),
                         (optim.Adagrad, dict(lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                                              eps=1e-10)))],
    ("optim", "clip_grad_norm", optim.clip_grad_norm, dict(params=params_with_grads(), max_norm=1.0), ()),
    ("optim", "clip_grad_value", optim.clip_grad_value, dict(params=params_with_grads(), clip_value=1.0), ()),
    ("optim", "Optimizer.load_state_dict", lambda d: optim.Adam(params()).load_state_dict(d),
     dict(d=optim.Adam(params()).state_dict()), ()),
    # training
    ("training", "Trainer", lambda model, loss, optimizer, regularizer, schedule, rng, transform, schedule_per,
     clip_norm, clip_value, callbacks, stop_on_nan:
     Trainer(model, loss, optimizer, regularizer=regularizer, schedule=schedule, rng=rng, transform=transform,
             schedule_per=schedule_per, clip_norm=clip_norm, clip_value=clip_value, callbacks=callbacks,
             stop_on_nan=stop_on_nan),
     dict(model=(m := mlp()), loss=losses.SoftmaxCrossEntropy(), optimizer=optim.SGD(m.parameters(), lr=0.1),
          regularizer=None, schedule=None, rng=0, transform=None, schedule_per="epoch", clip_norm=None,
          clip_value=None, callbacks=(), stop_on_nan=True), ()),
    ("training", "Trainer.train_batch", lambda Xb, yb: trainer().train_batch(Xb, yb), dict(Xb=X4, yb=Y3), ()),
    ("training", "Trainer.train_epoch", lambda X, y, batch_size, drop_last:
     trainer().train_epoch(X, y, batch_size=batch_size, drop_last=drop_last),
     dict(X=X4, y=Y3, batch_size=2, drop_last=False), ()),
    ("training", "Trainer.predict", lambda X, batch_size: trainer().predict(X, batch_size=batch_size),
     dict(X=X4, batch_size=4), ()),
    ("training", "Trainer.predict_classes", lambda X, batch_size: trainer().predict_classes(X, batch_size=batch_size),
     dict(X=X4, batch_size=4), ()),
    ("training", "Trainer.evaluate", lambda X, y, batch_size: trainer().evaluate(X, y, batch_size=batch_size),
     dict(X=X4, y=Y3, batch_size=4), ()),
    ("training", "Trainer.fit", lambda X, y, val, epochs, batch_size, drop_last, early_stopping, checkpoint, progress:
     trainer().fit(X, y, val=val, epochs=epochs, batch_size=batch_size, drop_last=drop_last,
                   early_stopping=early_stopping, checkpoint=checkpoint, progress=progress),
     dict(X=X4, y=Y3, val=(X4, Y3), epochs=1, batch_size=3, drop_last=False, early_stopping=None, checkpoint=None,
          progress=False), ("checkpoint",)),          # paths: the checkpoint tests of test_bad_input.py
    # metrics
    ("metrics", "accuracy", metrics.accuracy, dict(y_true=Y3, y_pred_or_scores=X4[:, :3]), ()),
    ("metrics", "confusion_matrix", metrics.confusion_matrix, dict(y_true=Y3, y_pred=Y3[::-1], num_classes=3), ()),
    ("metrics", "roc_curve", metrics.roc_curve, dict(y_true=(Y3 > 0).astype(int), scores=X4[:, 0]), ()),
    ("metrics", "roc_auc", metrics.roc_auc, dict(y_true=(Y3 > 0).astype(int), scores=X4[:, 0]), ()),
    ("metrics", "choose_threshold", metrics.choose_threshold,
     dict(y_true=(Y3 > 0).astype(int), scores=X4[:, 0], method="youden"), ()),
    # regularizers
    ("regularizers", "L1", regularizers.L1, dict(lam=0.1), ()),
    ("regularizers", "L2", regularizers.L2, dict(lam=0.1), ()),
    ("regularizers", "L2.penalty", lambda params: regularizers.L2(0.1).penalty(params), dict(params=params()), ()),
    ("regularizers", "L2.backward", lambda params: regularizers.L2(0.1).backward(params),
     dict(params=params_with_grads()), ()),
    ("regularizers", "L1.grad", lambda W: regularizers.L1(0.1).grad(W), dict(W=X4), ()),
    ("regularizers", "weights", regularizers.weights, dict(params=params()), ()),
    # init
    ("init", "fans", init.fans, dict(shape=(4, 3), layout="linear"), ()),
    ("init", "gain", init.gain, dict(nonlinearity="leaky_relu", param=0.1), ()),
    ("init", "normal", init.normal, dict(shape=(4, 3), std=0.1, rng=0, dtype=np.float64), ()),
    *[("init", f.__name__, f, dict(shape=(4, 3), layout="linear", mode="fan_in", nonlinearity="relu", param=None,
                                   rng=0, dtype=np.float64), ()) for f in (init.he_normal, init.he_uniform)],
    *[("init", f.__name__, f, dict(shape=(4, 3), layout="linear", gain=1.0, rng=0, dtype=np.float64), ())
      for f in (init.xavier_normal, init.xavier_uniform)],
    # norm
    *[("norm", cls.__name__, cls, dict(num_features=2, eps=1e-5, momentum=0.1, affine=True, dtype=np.float64), ())
      for cls in (norm.BatchNorm1d, norm.BatchNorm2d)],
    ("norm", "LayerNorm", norm.LayerNorm, dict(normalized_shape=4, eps=1e-5, elementwise_affine=True,
                                              dtype=np.float64), ()),
    ("norm", "BatchNorm1d.forward", lambda x: norm.BatchNorm1d(4)(x), dict(x=X4), ()),
    ("norm", "BatchNorm2d.forward", lambda x: norm.BatchNorm2d(2)(x), dict(x=IMG), ()),
    ("norm", "LayerNorm.forward", lambda x: norm.LayerNorm(4)(x), dict(x=X4), ()),
    ("norm", "BatchNorm1d.backward", lambda dout: fitted(norm.BatchNorm1d(4), X4).backward(dout),
     dict(dout=np.ones((6, 4))), ()),
    ("norm", "BatchNorm2d.backward", lambda dout: fitted(norm.BatchNorm2d(2), IMG).backward(dout),
     dict(dout=np.ones((6, 2, 3, 3))), ()),
    ("norm", "LayerNorm.backward", lambda dout: fitted(norm.LayerNorm(4), X4).backward(dout),
     dict(dout=np.ones((6, 4))), ()),
    # gradflow
    ("gradflow", "GradientMonitor", gradflow.GradientMonitor, dict(model=mlp(), every=1), ()),
    ("gradflow", "layer_statistics", gradflow.layer_statistics,
     dict(model=mlp(), x=X4, y=Y3, loss=losses.SoftmaxCrossEntropy(), dout=None, layers="0",
          percentiles=(5, 50, 95), rng=0), ()),
    # gradcheck
    ("gradcheck", "check_layer", gradcheck.check_layer,
     dict(layer=L.Linear(4, 3, rng=0), x=X4, dout=None, loss=losses.SoftmaxCrossEntropy(), y=Y3, h=None, rng=0), ()),
    ("gradcheck", "compare_with_torch", gradcheck.compare_with_torch,
     dict(layer=L.Linear(4, 3, rng=0), x=X4, dout=None, loss=losses.SoftmaxCrossEntropy(), y=Y3, rng=0), ()),
    ("gradcheck", "numerical_gradient", gradcheck.numerical_gradient, dict(f=lambda: 0.0, x=np.zeros(3), h=None), ()),
    ("gradcheck", "numerical_gradient_array", gradcheck.numerical_gradient_array,
     dict(f=lambda: np.zeros(3), x=np.zeros(3), dout=np.ones(3), h=None), ()),
    ("gradcheck", "rel_error", gradcheck.rel_error, dict(a=X4, b=X4 + 1), ()),
    # search
    ("search", "Uniform", search.Uniform, dict(low=0.0, high=1.0), ()),
    ("search", "LogUniform", search.LogUniform, dict(low=1e-4, high=1.0), ()),
    ("search", "IntUniform", search.IntUniform, dict(low=1, high=5), ()),
    ("search", "Choice", search.Choice, dict(values=[1, 2]), ()),
    ("search", "grid_search", search.grid_search, dict(objective=objective, space={"x": [0.1, 0.3]}, maximize=True), ()),
    ("search", "random_search", search.random_search,
     dict(objective=objective, space={"x": search.Uniform(0, 1)}, n_trials=2, rng=0, maximize=True), ()),
    ("search", "SearchResult.table", lambda top: search.grid_search(objective, {"x": [0.1, 0.3]}).table(top),
     dict(top=2), ()),
    # surfaces
    ("surfaces", "quadratic", surfaces.quadratic, dict(kappa=20.0), ()),
    ("surfaces", "rosenbrock", surfaces.rosenbrock, dict(a=1.0, b=100.0), ()),
    ("surfaces", "trajectory", surfaces.trajectory,
     dict(surface=surfaces.quadratic(), make=lambda p: optim.SGD(p, lr=0.01), start=(1.0, 1.0), steps=5), ()),
    ("surfaces", "make_optimizer", surfaces.make_optimizer,
     dict(name="momentum", params=params(), lr=0.1, momentum=0.9, beta1=0.9, beta2=0.999), ()),
    ("surfaces", "draw_playground", lambda surface, optimizer, lr, momentum, beta1, beta2, steps:
     surfaces.draw_playground(axes(), surface=surface, optimizer=optimizer, lr=lr, momentum=momentum, beta1=beta1,
                              beta2=beta2, steps=steps),
     dict(surface="quadratic", optimizer="SGD", lr=0.01, momentum=0.9, beta1=0.9, beta2=0.999, steps=5), ()),
    ("surfaces", "plot_surface", lambda surface, levels, resolution:
     surfaces.plot_surface(surface, axes(), levels=levels, resolution=resolution),
     dict(surface=surfaces.quadratic(), levels=5, resolution=20), ()),
    ("surfaces", "plot_trajectories", lambda surface, trajectories, markers:
     surfaces.plot_trajectories(surface, trajectories, axes(), markers=markers),
     dict(surface=surfaces.quadratic(), trajectories={"a": np.zeros((3, 2))}, markers=True), ()),
    # plots
    ("plots", "plot_confusion_matrix", lambda cm, labels, normalize:
     plots.plot_confusion_matrix(cm, labels=labels, normalize=normalize, ax=axes()),
     dict(cm=np.eye(3, dtype=int) * 4 + 1, labels=None, normalize=False), ()),
    ("plots", "plot_decision_boundary", lambda predict, X, y, resolution, proba:
     plots.plot_decision_boundary(predict, X, y, ax=axes(), resolution=resolution, proba=proba),
     dict(predict=lambda Z: Z[:, 0] > 0, X=X4[:, :2], y=Y3, resolution=10, proba=False), ()),
    ("plots", "plot_history", lambda history, metrics: plots.plot_history(history, metrics=metrics),
     dict(history=history(), metrics=("loss", "acc")), ()),
    ("plots", "plot_histories", lambda histories, metric: plots.plot_histories(histories, metric=metric, ax=axes()),
     dict(histories={"a": history()}, metric="val_acc"), ()),
    ("plots", "plot_images", plots.plot_images,
     dict(X=np.zeros((4, 64)), y=np.arange(4), pred=np.arange(4), image_shape=(8, 8), ncols=2, max_images=4), ()),
    ("plots", "plot_weight_images", plots.plot_weight_images,
     dict(W=np.zeros((64, 4)), image_shape=(8, 8), ncols=2, max_images=4), ()),
    ("plots", "plot_lr", lambda schedule_or_history, epochs: plots.plot_lr(schedule_or_history, epochs=epochs, ax=axes()),
     dict(schedule_or_history=lambda t: 0.1, epochs=5), ()),
    ("plots", "plot_roc", lambda fpr, tpr, auc, threshold_point:
     plots.plot_roc(fpr, tpr, auc=auc, threshold_point=threshold_point, ax=axes()),
     dict(fpr=np.array([0.0, 0.5, 1.0]), tpr=np.array([0.0, 0.8, 1.0]), auc=0.8, threshold_point=(0.5, 0.8)), ()),
    ("plots", "annotate_cells", lambda values, fmt: _annotate(values, fmt), dict(values=np.eye(2), fmt="{:.1f}"), ()),
    ("plots", "integer_ticks", lambda axis: plots.integer_ticks(axes(), axis), dict(axis="x"), ()),
    ("plots", "outlined", plots.outlined, dict(width=2.8, colour="0.25"), ()),
    ("plots", "glue", plots.glue, dict(name="sweep", value=0.5), ("value",)),
    ("plots", "use_book_style", lambda formats: _book_style(formats), dict(formats=("svg",)), ()),
    # torch_bridge
    ("torch_bridge", "to_torch", torch_bridge.to_torch, dict(layer=mlp(), dtype=None), ()),
    ("torch_bridge", "to_torch_loss", torch_bridge.to_torch_loss, dict(loss=losses.SoftmaxCrossEntropy()), ()),
    ("torch_bridge", "twin_of", torch_bridge.twin_of, dict(layer=L.ReLU()), ()),
    ("torch_bridge", "torch_parameter_name", torch_bridge.torch_parameter_name, dict(name="0.W", model=mlp()), ()),
    ("torch_bridge", "torch_gradient", torch_bridge.torch_gradient,
     dict(name="0.W", grad=torch.zeros((5, 4)), model=mlp()), ()),
    ("torch_bridge", "torch_gradients", lambda model: torch_bridge.torch_gradients(model, torch_bridge.to_torch(mlp())),
     dict(model=mlp()), ()),
    ("torch_bridge", "register", torch_bridge.register,
     dict(layer_type=_Registered, build=lambda layer, children, dtype: None), ()),
    # data
    ("data", "BatchLoader", batches.BatchLoader, dict(X=X4, y=Y3, batch_size=2, shuffle=True, drop_last=False, rng=0), ()),
    ("data", "iterate_minibatches", lambda X, y, batch_size, shuffle, drop_last, rng:
     list(batches.iterate_minibatches(X, y, batch_size, shuffle=shuffle, drop_last=drop_last, rng=rng)),
     dict(X=X4, y=Y3, batch_size=2, shuffle=True, drop_last=False, rng=0), ()),
    ("data", "make_digit_canvas", canvas.make_digit_canvas,
     dict(n=4, size=12, scale=1, clutter=1, rng=0, dtype=np.float64), ()),
    ("data", "make_moons", datasets.make_moons, dict(n=10, noise=0.1, rotate=0.0, rng=0, dtype=np.float64), ()),
    ("data", "make_spirals", datasets.make_spirals, dict(n=10, classes=3, noise=0.1, rng=0, dtype=np.float64), ()),
    ("data", "make_blobs", datasets.make_blobs, dict(n=10, centers=3, std=1.0, rng=0, dtype=np.float64), ()),
    ("data", "train_val_test_split", datasets.train_val_test_split,
     dict(X=np.zeros((20, 2)), y=np.arange(20) % 2, val=0.2, test=0.2, rng=0, stratify=True), ()),
    ("data", "load", datasets.load, dict(name="moons", val=0.1, test=0.1, n=40, rng=0, dtype=np.float64,
                                         flatten=True), ()),
    ("data", "load_digits", datasets.load_digits, dict(dtype=np.float64, flatten=True), ()),
    ("data", "Standardizer.fit", lambda X: datasets.Standardizer().fit(X), dict(X=X4), ()),
    ("data", "Standardizer.transform", lambda X: datasets.Standardizer().fit(X4).transform(X), dict(X=X4), ()),
    ("data", "Standardizer.inverse_transform", lambda Z: datasets.Standardizer().fit(X4).inverse_transform(Z),
     dict(Z=X4), ()),
    # widgets
    ("widgets", "Slider", widgets.Slider, dict(min=0.0, max=1.0, step=0.1, value=0.5, label=None, log=False), ()),
    ("widgets", "Choice", widgets.Choice, dict(options=["a", "b"], value="a", label=None), ()),
    ("widgets", "Toggle", widgets.Toggle, dict(value=False, label=None), ()),
    ("widgets", "Playground", lambda draw, controls, static, panels, panel_size, ncols, title, mode:
     widgets.Playground(draw, controls, static=static, panels=panels, panel_size=panel_size, ncols=ncols,
                        title=title, mode=mode),
     dict(draw=draw_line, controls={"w": widgets.Slider(0.0, 2.0, 0.5, value=1.0)}, static=[{"w": 0.5}], panels=1,
          panel_size=(2.0, 2.0), ncols=None, title=None, mode="static"), ()),
    ("widgets", "Playground.render", lambda w: widgets.Playground(
        draw_line, {"w": widgets.Slider(0.0, 2.0, 0.5, value=1.0)}, mode="static").render(w=w), dict(w=1.0), ()),
    ("widgets", "set_mode", lambda mode: (widgets.set_mode(mode), widgets.set_mode(None)), dict(mode="static"), ()),
    # source
    ("source", "readable", source.readable, dict(source="x = 1\n"), ()),
    ("source", "docstring_html", source.docstring_html, dict(text="A *b*."), ()),
    ("source", "source_html", source.source_html, dict(source="x = 1\n"), ()),
    ("source", "source_text", lambda objects: source.source_text(objects), dict(objects=L.ReLU), ()),
    ("source", "show_source", lambda objects: source.show_source(objects), dict(objects=L.ReLU), ()),
    ("source", "Listing", source.Listing, dict(source="x = 1\n"), ()),
    # cli
    ("cli", "main", cli.main, dict(argv=["hint", "1.1", "1"]), ()),
]

# Legitimately accepted (module, name, argument) -> bad values: the call may return (or, for a
# value of another kind that is still a valid value, raise a ValueError), with the reason.
_ANY_REAL = {"neg", "zero", "float", "huge"}
_POSITIVE = {"float", "huge"}                      # any positive size of a rate, step or scale
_PROPAGATES = {"nan-entry", "inf-entry"}           # see _HOT below
_ELEMENTWISE = {"empty", "empty-list", "ndim+1", "ndim-1"}   # elementwise maps: any shape, 0 samples too
ACCEPTED = {
    # any real number is meaningful
    ("layers", "softmax", "axis"): {"neg", "zero"},                # axis=-1 is the last, 0 the first
    ("init", "gain", "param"): _ANY_REAL,                          # a leaky slope may be any number
    ("data", "make_moons", "rotate"): _ANY_REAL,                   # an angle in radians
    ("surfaces", "rosenbrock", "a"): _ANY_REAL,
    ("search", "Uniform", "low"): {"neg", "zero"},                 # a range may start anywhere
    ("search", "IntUniform", "low"): {"neg", "zero"},
    # zero is "off" and larger values are the caller's choice
    ("layers", "Dropout", "p"): {"zero"},                          # p = 0: no dropout
    ("layers", "LeakyReLU", "negative_slope"): {"zero", "float", "huge"},   # 0 is ReLU
    ("init", "normal", "std"): {"zero", "float", "huge"},          # std 0 gives zeros
    ("init", "xavier_normal", "gain"): {"zero", "float", "huge"},
    ("init", "xavier_uniform", "gain"): {"zero", "float", "huge"},
    ("regularizers", "L1", "lam"): {"zero", "float", "huge"},      # λ = 0: no penalty
    ("regularizers", "L2", "lam"): {"zero", "float", "huge"},
    ("data", "make_moons", "noise"): {"zero", "float", "huge"},   # no noise, or noise that drowns the data
    ("data", "make_spirals", "noise"): {"zero", "float", "huge"},
    ("data", "make_blobs", "std"): {"zero", "float", "huge"},
    ("data", "make_digit_canvas", "clutter"): {"zero"},           # no clutter
    ("data", "train_val_test_split", "val"): {"zero"},            # no validation part
    ("data", "train_val_test_split", "test"): {"zero"},
    ("data", "load", "val"): {"zero"},
    ("data", "load", "test"): {"zero"},
    ("surfaces", "quadratic", "kappa"): _POSITIVE,
    ("surfaces", "rosenbrock", "b"): _POSITIVE,
    ("surfaces", "trajectory", "steps"): {"zero"},                # the start alone
    ("surfaces", "draw_playground", "steps"): {"zero"},
    ("surfaces", "draw_playground", "lr"): _POSITIVE,             # a rate too large is drawn as "diverged"
    ("surfaces", "make_optimizer", "lr"): _POSITIVE,
    **{("surfaces", f, a): {"zero"} for f in ("make_optimizer", "draw_playground")
       for a in ("momentum", "beta1", "beta2")},                   # 0: plain SGD / no averaging
    ("search", "Uniform", "high"): _POSITIVE,
    ("search", "LogUniform", "high"): _POSITIVE,
    ("gradcheck", "check_layer", "h"): _POSITIVE,                 # the step is the caller's choice
    ("gradcheck", "numerical_gradient", "h"): _POSITIVE,
    ("gradcheck", "numerical_gradient_array", "h"): _POSITIVE,
    ("norm", "BatchNorm1d", "eps"): _POSITIVE, ("norm", "BatchNorm2d", "eps"): _POSITIVE,
    ("norm", "LayerNorm", "eps"): _POSITIVE,
    ("norm", "BatchNorm1d", "momentum"): {"zero"}, ("norm", "BatchNorm2d", "momentum"): {"zero"},  # frozen stats
    ("widgets", "Slider", "max"): _POSITIVE,
    ("widgets", "Slider", "min"): {"neg", "zero"},
    ("widgets", "Slider", "value"): {"zero"},
    ("widgets", "Playground.render", "w"): {"zero"},
    ("plots", "outlined", "width"): _POSITIVE,
    ("plots", "plot_roc", "auc"): {"zero"},                       # an AUC of 0 is a (bad) AUC
    # optimizers: no upper bound on a rate or a decay, as in torch; 0 switches a term off
    **{("optim", cls, a): {"zero", "float", "huge"} for cls in ("SGD", "RMSProp", "Adam", "AdamW", "Adagrad")
       for a in ("weight_decay", "eps", "lr_decay", "initial_accumulator_value")},
    **{("optim", cls, "lr"): _POSITIVE for cls in ("SGD", "RMSProp", "Adam", "AdamW", "Adagrad")},
    ("optim", "SGD", "momentum"): {"zero"}, ("optim", "SGD", "dampening"): {"zero"},
    ("optim", "RMSProp", "momentum"): {"zero"}, ("optim", "RMSProp", "alpha"): {"zero"},
    ("optim", "clip_grad_norm", "max_norm"): _POSITIVE,
    ("optim", "clip_grad_value", "clip_value"): _POSITIVE,
    ("training", "Trainer", "clip_norm"): _POSITIVE,
    ("training", "Trainer", "clip_value"): _POSITIVE,
    ("training", "Trainer", "callbacks"): {"empty-list"},          # no callbacks
    # free text: any string is a label, a title, a name or source code
    **{k: {"str"} for k in (("layers", "Layer.add_child", "name"), ("layers", "Layer.register_buffer", "name"),
                            ("plots", "glue", "name"), ("plots", "annotate_cells", "fmt"),
                            ("plots", "integer_ticks", "axis"),          # "x" is an axis
                            ("widgets", "Slider", "label"), ("widgets", "Choice", "label"),
                            ("widgets", "Toggle", "label"), ("widgets", "Playground", "title"),
                            ("source", "readable", "source"), ("source", "docstring_html", "text"),
                            ("source", "source_html", "source"), ("source", "Listing", "source"))},
    # a string where a tuple of strings is expected means that one string (then a ValueError if unknown)
    ("plots", "plot_history", "metrics"): {"str"},
    ("plots", "use_book_style", "formats"): {"str"},
    # any object may be a class name or an option: a wrong one is a ValueError, not a TypeError
    ("plots", "plot_confusion_matrix", "labels"): {"object-array"},
    ("widgets", "Choice", "value"): {"object", "complex", "object-array"},
    ("widgets", "set_mode", "mode"): {"None"},                    # None: detect the mode again
    ("cli", "main", "argv"): {"None", "empty-list"},              # None: sys.argv; argparse reports the rest
    # counts and fractions: a confusion matrix of fractions or of large counts is drawn as it is
    ("plots", "plot_confusion_matrix", "cm"): {"float-labels", "labels-out-of-range"},
    # labels only shown (titles, colours): any class number ≥ 0 is shown as it is
    ("plots", "plot_images", "y"): {"labels-out-of-range", "negative-labels"},
    ("plots", "plot_images", "pred"): {"labels-out-of-range", "negative-labels"},
    ("plots", "plot_decision_boundary", "y"): {"labels-out-of-range"},
    # a parameter may be a scalar or of any shape; a buffer any array of finite values
    ("layers", "Parameter", "value"): {"float", "ndim+1", "ndim-1"},
    ("layers", "Layer.register_buffer", "value"): {"bool", "neg", "zero", "float", "empty-list", "empty",
                                                   "ndim+1", "ndim-1"},
    # one score per sample may come as (N,) or (N, 1); targets of BCE as (N,) or (N, 1)
    ("metrics", "roc_curve", "scores"): {"ndim+1"}, ("metrics", "roc_auc", "scores"): {"ndim+1"},
    ("metrics", "choose_threshold", "scores"): {"ndim+1"},
    ("losses", "BinaryCrossEntropy.forward", "scores"): {"ndim+1"},
    ("losses", "BinaryCrossEntropy.forward", "y"): {"ndim+1"},
    # batching and splitting do not look inside the arrays: samples of any shape, targets of any kind
    **{("data", f, "X"): {"ndim+1", "nan-entry", "inf-entry"} for f in ("BatchLoader", "iterate_minibatches")},
    **{("data", f, "y"): {"ndim+1", "float-labels", "labels-out-of-range", "negative-labels"}
       for f in ("BatchLoader", "iterate_minibatches")},
    ("data", "train_val_test_split", "X"): {"ndim+1"},
    ("data", "train_val_test_split", "y"): {"labels-out-of-range", "negative-labels"},
    ("data", "Standardizer.transform", "X"): {"empty"},           # an empty batch, as the layers take
    ("data", "Standardizer.inverse_transform", "Z"): {"empty"},
    # numerical gradients: x of any shape; f reads what it reads
    ("gradcheck", "numerical_gradient", "x"): {"ndim+1"},
    ("gradcheck", "numerical_gradient_array", "x"): {"ndim+1", "short"},
    # elementwise maps and layers take any shape (empty batches too, as torch does)
    ("layers", "sigmoid", "x"): _ELEMENTWISE | {"neg", "zero", "float", "huge", "bool", "nan", "inf"},
    ("layers", "softmax", "x"): _ELEMENTWISE,
    ("losses", "log_softmax", "scores"): _ELEMENTWISE,
    ("layers", "Softmax.forward", "x"): _ELEMENTWISE,
    ("norm", "LayerNorm.forward", "x"): {"empty", "ndim-1"},
    ("regularizers", "L1.grad", "W"): {"neg", "zero", "float", "empty-list"} | _ELEMENTWISE,
}
# _HOT: NaN and infinity inside the arrays that flow through a model every step are passed on, as
# torch passes them on: checking every activation and gradient would slow every step. Data enter
# through the Trainer, which refuses non-finite data, and the Trainer stops at the first
# non-finite loss (stop_on_nan) - which is why losses must return NaN scores' NaN loss.
_HOT = [("layers", f"{c}.{m}", "x" if m == "forward" else "dout")
        for c in ("ReLU", "Sigmoid", "Tanh", "Softmax", "LeakyReLU", "Dropout", "Linear", "Sequential")
        for m in ("forward", "backward")] + [
    ("layers", "softmax", "x"), ("layers", "sigmoid", "x"), ("losses", "log_softmax", "scores"), ("regularizers", "L1.grad", "W"),
    *[("losses", f"{c}.forward", "scores") for c in ("SoftmaxCrossEntropy", "MSE", "BinaryCrossEntropy")],
    *[("norm", f"{c}.backward", "dout") for c in ("BatchNorm1d", "BatchNorm2d", "LayerNorm")]]
for _key in _HOT:
    ACCEPTED[_key] = ACCEPTED.get(_key, set()) | _PROPAGATES
for _c in ("ReLU", "Sigmoid", "Tanh", "LeakyReLU", "Dropout", "Linear", "Sequential"):
    ACCEPTED[("layers", f"{_c}.forward", "x")] |= {"empty"} | (_ELEMENTWISE if _c not in ("Linear", "Sequential")
                                                               else set())
# the names an error may use for an argument (a layer calls its input x; a loss its labels y)
ALIASES = {"Xb": ("x", "X"), "yb": ("y",)}


def accepted(module: str, name: str, arg: str, bad: str, default) -> bool:
    if bad == "None" and default is None:
        return True                                            # an optional argument: None means "not given"
    if arg in ("rng", "seed") and bad in ("zero", "huge", "None"):
        return True                                            # any seed ≥ 0 is a seed; None: fresh entropy
    return bad in ACCEPTED.get((module, name, arg), ()) or bad in ACCEPTED.get((module, "*", arg), ())


def _target(module: str, name: str):
    """The nnbook object a sweep entry calls (the method behind a lambda), for its defaults."""
    roots = [getattr(nnbook, module, None)] + [sys.modules.get(f"nnbook.data.{m}") for m in
                                                ("batches", "canvas", "datasets")]
    for root in roots:
        obj = root
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if obj is not None:
            return obj.__init__ if inspect.isclass(obj) else obj
    return None


def _defaults(fn) -> dict:
    try:
        return {k: p.default for k, p in inspect.signature(fn).parameters.items()}
    except (TypeError, ValueError):
        return {}


def cases():
    """Every (module, name, fn, base, arg, bad label, bad value, default) of the sweep."""
    out = []
    for module, name, fn, base, skip in SWEEP:
        sig = inspect.signature(fn)
        defaults = _defaults(_target(module, name) or fn)
        assert set(base) <= set(sig.parameters), (name, set(base) - set(sig.parameters))
        n_arrays = sum(isinstance(v, np.ndarray) for v in base.values())
        for arg in sig.parameters:
            if arg not in base or arg in skip:
                continue
            battery = dict(KINDS, **VALUES)
            if isinstance(base[arg], np.ndarray):
                battery.update(array_variants(base[arg], n_arrays > 1))
            if isinstance(base[arg], (bool, np.bool_)):
                del battery["bool"]                            # True is a valid flag
            default = defaults.get(arg, inspect.Parameter.empty)
            for bad, value in battery.items():
                out.append((module, name, fn, base, arg, bad, value, default))
    return out


TIMEOUT = 20          # seconds: a call with a huge count (epochs=10**30) must not run for ever


class _TooLong(Exception):
    pass


def _too_long(signum, frame):
    raise _TooLong(f"still running after {TIMEOUT} s")


def run_case(module, name, fn, base, arg, bad, value, default) -> str | None:
    """None if the outcome is right, else the failure class and a description."""
    kwargs = {**base, arg: value}
    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(TIMEOUT)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                np.errstate(all="ignore"):                      # NaN passed on (_HOT) warns
            result = fn(**kwargs)
    except (ValueError, TypeError) as e:
        if not raised_by_nnbook(e):
            frame = traceback.extract_tb(e.__traceback__)[-1]
            return f"raw: {type(e).__name__} from {pathlib.Path(frame.filename).name}:{frame.lineno}: {e}"[:300]
        # data arrays may be named as the layer that received them calls them (X -> x)
        flags = re.IGNORECASE if arg in ("X", "Z") else 0
        names = (arg, *ALIASES.get(arg, ()))
        if not any(re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", str(e), flags) for n in names):
            return f"unnamed: {type(e).__name__}: {e}"[:300]
        if bad in MUST_BE_TYPEERROR and not isinstance(e, TypeError) and type(value) is not type(base[arg]) \
                and not accepted(module, name, arg, bad, default):
            return f"class: {type(e).__name__} for a wrong kind: {e}"[:300]
        return None
    except SystemExit as e:
        if module == "cli" and accepted(module, name, arg, bad, default):
            return None                                        # argparse's usage error, exit status 2
        frame = traceback.extract_tb(e.__traceback__)[-1]
        return f"raw: SystemExit from {pathlib.Path(frame.filename).name}:{frame.lineno}: {e}"
    except Exception as e:                                     # noqa: BLE001 - the point is to classify it
        frame = traceback.extract_tb(e.__traceback__)[-1]
        return f"raw: {type(e).__name__} from {pathlib.Path(frame.filename).name}:{frame.lineno}: {e}"[:300]
    finally:
        signal.alarm(0)
        plt.close("all")
    if accepted(module, name, arg, bad, default):
        return None
    if has_nonfinite(result):
        return "silent: a non-finite result"
    return f"silent: returned {type(result).__name__}"


CASES = cases()


def _id(case) -> str:
    module, name, _, _, arg, bad, _, _ = case
    return f"{module}-{name}-{arg}-{bad}"


@pytest.fixture(scope="module", autouse=True)
def _tmp_dir():
    TMP.mkdir(exist_ok=True)
    yield
    import shutil
    shutil.rmtree(TMP, ignore_errors=True)


CLASSES = ("kind", "value", "array")


@pytest.mark.parametrize("module", sorted({c[0] for c in CASES}))
@pytest.mark.parametrize("bad_class", CLASSES)
def test_every_bad_argument_is_a_clear_error_or_legitimately_accepted(module, bad_class):
    failures = []
    for case in CASES:
        if case[0] == module and class_of(case[5]) == bad_class:
            problem = run_case(*case)
            if problem:
                failures.append(f"{_id(case)}: {problem}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def test_the_sweep_covers_every_public_module_and_many_cases():
    assert len({c[0] for c in CASES}) >= 17 and len(CASES) >= 3000, (len(CASES), {c[0] for c in CASES})


if __name__ == "__main__":
    TMP.mkdir(exist_ok=True)
    counts = collections.Counter()
    fails = collections.Counter()
    kinds = collections.Counter()
    show = sys.argv[1:] if len(sys.argv) > 1 else None
    seconds = collections.Counter()
    for case in CASES:
        key = (case[0], class_of(case[5]))
        counts[key] += 1
        start = time.perf_counter()
        problem = run_case(*case)
        seconds[case[1]] += time.perf_counter() - start
        if problem:
            fails[key] += 1
            kinds[problem.split(":")[0]] += 1
            if show is None or any(s in _id(case) for s in show):
                print(f"FAIL {_id(case)}: {problem}")
    print(f"{'module':14} " + " ".join(f"{c:>14}" for c in CLASSES) + f" {'total':>14}")
    for module in sorted({k[0] for k in counts}):
        row = [f"{fails[module, c]}/{counts[module, c]}" for c in CLASSES]
        total = (sum(fails[module, c] for c in CLASSES), sum(counts[module, c] for c in CLASSES))
        print(f"{module:14} " + " ".join(f"{r:>14}" for r in row) + f" {total[0]}/{total[1]:>10}")
    print("slowest:", ", ".join(f"{k} {v:.1f}s" for k, v in seconds.most_common(8)))
    print(f"all: {sum(fails.values())} failures of {sum(counts.values())} cases; by outcome: {dict(kinds)}")


# -- one test per class of bad input of the issue, on the modules this sweep added ------------------
def _raises(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert raised_by_nnbook(info.value), info.value


BY_CLASS = {
    "empty batches and zero classes": [
        (lambda: L.Parameter(np.zeros(0)), ValueError, r"Parameter: value must be an array with at least 1"),
        (lambda: gradflow.layer_statistics(mlp(), X4[:0]), ValueError, r"layer_statistics: x must be a batch .* N ≥ 1"),
        (lambda: gradcheck.check_layer(mlp(), X4[:0]), ValueError, r"check_layer: x must be a batch .* N ≥ 1"),
        (lambda: plots.plot_images(np.zeros((0, 64))), ValueError, r"plot_images: X has no images"),
        (lambda: gradflow.layer_statistics(mlp(), X4, layers=[]), ValueError, r"layers is an empty list"),
        (lambda: L.softmax(np.zeros((3, 0))), ValueError, r"softmax: x must have at least one entry along axis"),
    ],
    "lists, strings and objects where arrays or numbers belong": [
        (lambda: mlp().train("no"), TypeError, r"Sequential.train: mode must be True or False"),
        (lambda: mlp().submodule(0), TypeError, r"Sequential.submodule: path must be a string"),
        (lambda: optim.clip_grad_norm(None, 1.0), TypeError, r"clip_grad_norm: params must be a dict"),
        (lambda: optim.clip_grad_norm([np.zeros(2)], 1.0), TypeError, r"clip_grad_norm: params\['0'\] must be a Parameter"),
        (lambda: torch_bridge.to_torch(mlp(), dtype="float64"), TypeError, r"to_torch: dtype must be a torch dtype"),
        (lambda: search.Choice(3), TypeError, r"Choice: values must be a list"),
        (lambda: cli.main("grade"), TypeError, r"argv must be a list of strings"),
        (lambda: L.sigmoid("x"), TypeError, r"sigmoid: x must be an array"),
        (lambda: regularizers.L1(0.1).grad([["a"]]), TypeError, r"L1.grad: W must be a floating-point"),
        (lambda: losses.log_softmax(None), TypeError, r"log_softmax: scores must be an array"),
        (lambda: plots.plot_roc([0, 1], [0, 1], auc="0.9"), TypeError, r"plot_roc: auc must be a finite number"),
        (lambda: widgets.Toggle(value="yes"), TypeError, r"Toggle: value must be True or False"),
        (lambda: source.Listing(None), TypeError, r"Listing: source must be a string"),
    ],
    "values that overflow": [
        (lambda: L.Linear(10 ** 30, 2), ValueError, r"Linear: in_features must be a positive integer below 2\*\*63"),
        (lambda: datasets.make_moons(10 ** 30), ValueError, r"make_moons: .* below 2\*\*63"),
        (lambda: init.normal((2 ** 40, 2 ** 40)), ValueError, r"init.normal: shape must be .*fewer than 2\*\*63"),
        (lambda: search.random_search(objective, {"x": [1]}, n_trials=10 ** 9), ValueError, r"n_trials must be at most"),
        (lambda: surfaces.trajectory(surfaces.quadratic(), lambda p: optim.SGD(p, lr=0.1), steps=10 ** 12),
         ValueError, r"trajectory: steps must be an integer in \[0, 1000000\]"),
        (lambda: trainer().fit(X4, Y3, epochs=10 ** 30, batch_size=2, progress=False), ValueError,
         r"Trainer.fit: epochs must be a positive integer below 2\*\*63"),
    ],
    "NaN and infinity where data enter": [
        (lambda: gradcheck.rel_error([NAN], [1.0]), ValueError, r"rel_error: a must be finite"),
        (lambda: datasets.Standardizer().fit(X4).transform(np.full((2, 4), INF)), ValueError,
         r"Standardizer.transform: X must be finite"),
        (lambda: datasets.train_val_test_split(np.full((20, 2), NAN), np.arange(20) % 2), ValueError,
         r"train_val_test_split: X must be finite"),
        (lambda: L.ReLU().register_buffer("m", [NAN]), ValueError, r"register_buffer: value must be finite"),
        (lambda: L.Parameter(np.array([1.0, NAN])), ValueError, r"Parameter: value must be finite"),
        (lambda: plots.plot_weight_images(np.full((64, 2), NAN)), ValueError, r"plot_weight_images: W must be finite"),
        (lambda: gradflow.layer_statistics(mlp(), np.full((2, 4), NAN)), ValueError, r"layer_statistics: x must be finite"),
    ],
    "options silently changed or swallowed": [
        (lambda: gradcheck.check_layer(L.Linear(4, 3, rng=0), X4, dout=np.ones((6, 3)), loss=losses.SoftmaxCrossEntropy(),
                                       y=Y3), ValueError, r"check_layer: pass dout or loss and y, not both"),
        (lambda: gradflow.layer_statistics(mlp(), X4, dout=np.ones((6, 3)), loss=losses.SoftmaxCrossEntropy(), y=Y3),
         ValueError, r"layer_statistics: pass dout or loss and y, not both"),
        (lambda: surfaces.make_optimizer("SGD", params(), lr=0.1, beta1="x"), TypeError,
         r"make_optimizer: beta1 must be a finite number"),        # was ignored for SGD
        (lambda: L.Linear(4, 3, dtype=None), TypeError, r"Linear: dtype must be float32 or float64, got None"),
        (lambda: widgets.Slider(0.0, 1.0, step=2.5), ValueError, r"Slider: step 2.5 is larger than the range"),
        (lambda: datasets.train_val_test_split(X4, Y3 + 0.5), ValueError, r"stratify=True needs class labels in y"),
        (lambda: canvas.make_digit_canvas(4, dtype=np.float16), ValueError, r"make_digit_canvas: dtype must be float32"),
        (lambda: plots.use_book_style(formats=("svgz",)), ValueError, r"use_book_style: formats\[0\] must be one of"),
    ],
    "errors at nnbook's door, not from inside numpy, torch or Python": [
        (lambda: metrics.accuracy([0, 5], np.zeros((2, 3))), ValueError, r"accuracy: y_true\[1\] = 5 is out of range"),
        (lambda: metrics.accuracy([0, -1], [0, 1]), ValueError, r"accuracy: y_true\[1\] = -1 is out of range"),
        (lambda: trainer().train_batch(X4, Y3[:3]), ValueError, r"Trainer.train_batch: Xb and yb must have the same"),
        (lambda: optim.SGD([], lr=0.1), ValueError, r"SGD: params is an empty list"),
        (lambda: L.softmax(X4, axis=2), ValueError, r"softmax: axis must be an integer in \[-2, 1\]"),
        (lambda: mlp().submodule("9"), ValueError, r"Sequential.submodule: path '9' does not exist"),
        (lambda: torch_bridge.torch_parameter_name("0.V", mlp()), ValueError, r"name '0.V' is not a parameter"),
        (lambda: plots.annotate_cells(axes(), None, np.eye(2), fmt=None), TypeError, r"annotate_cells: fmt must be a string"),
        (lambda: plots.plot_decision_boundary(lambda G: G[:, 0] > 0, X4[:, :2], -Y3), ValueError,
         r"plot_decision_boundary: y must hold classes ≥ 0"),
        (lambda: surfaces.plot_surface("quadratic"), TypeError, r"plot_surface: surface must be a Surface"),
        (lambda: gradcheck.numerical_gradient_array(lambda: np.zeros(3), np.zeros(3), np.ones(2)), ValueError,
         r"numerical_gradient_array: dout must have the shape of f\(\)'s output"),
    ],
}


@pytest.mark.parametrize("bad_input", list(BY_CLASS))
def test_each_class_of_bad_input_is_a_clear_error_in_the_older_modules(bad_input):
    try:
        for call, error, pattern in BY_CLASS[bad_input]:
            _raises(call, error, pattern)
    finally:
        plt.close("all")
