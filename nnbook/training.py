r"""Training loops: a batch step, an epoch, and ``fit`` with validation, early stopping and checkpoints.

Chapter: Training neural networks, section "A Trainer".

Three levels, each built on the one below::

    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), rng=0)
    trainer.train_batch(Xb, yb)              # one step: forward, loss, backward, update
    trainer.train_epoch(X, y, batch_size=64) # one pass over shuffled mini-batches
    history = trainer.fit(X, y, val=(X_val, y_val), epochs=20, batch_size=64)

Shapes: X (N, D), y (N,) integer labels (or targets shaped like the scores), scores (N, C).
Epochs are numbered 1, 2, ... in :class:`History`; the schedule is called with the number
of epochs completed before the one it sets, t = 0, 1, ..., so ``history.lr[i] ==
schedule(history.epoch[i] - 1)``. The shuffling of epoch t is drawn from a generator seeded
with ``(seed, t)``: a pure function of the seed and the epoch, so a run resumed from a
checkpoint sees the same batches as one that never stopped.
"""
from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from nnbook import _validate as check
from nnbook.data import iterate_minibatches
from nnbook.layers import Layer
from nnbook.losses import BinaryCrossEntropy, Loss, SoftmaxCrossEntropy
from nnbook.optim import Optimizer, clip_grad_norm, clip_grad_value
from nnbook.regularizers import Regularizer
from nnbook.schedules import ReduceOnPlateau


@dataclass
class History:
    """What :meth:`Trainer.fit` measured, one entry per epoch in every list.

    ``epoch`` (1, 2, ...; continuing after a resumed run), ``train_loss`` / ``train_acc``
    (means over the epoch's mini-batches, measured while training, the loss including the
    regularizer's penalty), ``val_loss`` / ``val_acc`` (data loss on the validation set after
    the epoch, in eval mode; NaN without validation data), ``lr`` (the optimizer's rate during
    the epoch), ``time`` (seconds for the epoch, training and validation). Accuracy is NaN for
    regression losses. ``best_epoch`` is the epoch with the lowest validation loss (the lowest
    training loss without validation data); ``stopped_early`` says whether early stopping ended
    the run.
    """

    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def __len__(self) -> int:
        return len(self.epoch)

    def __repr__(self) -> str:
        if not self.epoch:
            return "History(0 epochs)"
        last = self.epoch[-1]
        parts = [f"{len(self)} epochs ({self.epoch[0]}–{last})" if len(self) > 1 else f"epoch {last}",
                 f"final train_loss={self.train_loss[-1]:.4g}"]
        if not math.isnan(self.val_loss[-1]):
            parts.append(f"val_loss={self.val_loss[-1]:.4g}")
            if not math.isnan(self.val_acc[-1]):
                parts.append(f"val_acc={self.val_acc[-1]:.4f}")
        elif not math.isnan(self.train_acc[-1]):
            parts.append(f"train_acc={self.train_acc[-1]:.4f}")
        if self.best_epoch is not None:
            parts.append(f"best_epoch={self.best_epoch}")
        if self.stopped_early:
            parts.append("stopped early")
        return f"History({', '.join(parts)})"


def _check_data(X, y, where: str, names: tuple[str, str] = ("X", "y")) -> tuple[np.ndarray, np.ndarray]:
    nx, ny = names
    X, y = check.array(X, nx, where, finite=True), check.array(y, ny, where, finite=True)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{where} expects {nx} (N, ...) and {ny} (N, ...), got shapes {X.shape} "
                         f"and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"{where}: {nx} and {ny} must have the same number of samples N, "
                         f"got {nx} {X.shape} and {ny} {y.shape}")
    if len(X) == 0:
        raise ValueError(f"{where} got no samples (N = 0)")
    return X, y


def _positive_int(where: str, name: str, value) -> int:
    return check.positive_int(value, name, where)


def _nonfinite_loss(where: str, loss: float, epoch: int, batch: int | None) -> FloatingPointError:
    """The error both trainers raise at the first NaN or infinite loss (``stop_on_nan=True``)."""
    at = f"epoch {epoch}, batch {batch}" if batch is not None else f"epoch {epoch} (train_batch)"
    return FloatingPointError(
        f"{where}: the loss is {loss} at {at}, before that batch's step. Training diverged: "
        "lower the learning rate, clip the gradients (clip_norm=...) or check the data and the "
        "model's output; pass stop_on_nan=False to the trainer to train on regardless")


class Trainer:
    r"""Trains ``model`` by mini-batch gradient descent on ``loss`` with ``optimizer``.

    Parameters
    ----------
    model : the network, a :class:`~nnbook.layers.Layer` (usually a ``Sequential``).
    loss : a :class:`~nnbook.losses.Loss` on the model's scores.
    optimizer : built from ``model.parameters()``.
    regularizer : optional penalty R(W) (e.g. ``L2(1e-4)``); each step minimises
        :math:`L + R(W)`.
    schedule : optional function t -> learning rate (see :mod:`nnbook.schedules`), called at
        the start of every epoch with t = number of epochs completed, or before every optimizer
        step with t = number of steps taken (``self.steps``) when ``schedule_per="step"`` (the
        cyclical and one-cycle schedules count iterations). A
        :class:`~nnbook.schedules.ReduceOnPlateau` is also told, after every epoch of
        :meth:`fit`, the validation loss (the training loss without validation data).
    schedule_per : ``"epoch"`` (default) or ``"step"``.
    clip_norm : optional; before every step scale the gradients so that their joint L2 norm is
        at most this (:func:`~nnbook.optim.clip_grad_norm`).
    clip_value : optional; before every step clip each gradient entry to [-clip_value,
        clip_value] (:func:`~nnbook.optim.clip_grad_value`; applied after ``clip_norm``).
    rng : seed or ``numpy.random.Generator`` for the shuffling of the mini-batches.
    callbacks : objects told about every training step: ``on_backward(trainer)`` after the
        backward pass and clipping, before the update; ``on_step(trainer)`` after it (either
        method may be missing), e.g. :class:`nnbook.gradflow.GradientMonitor`.
    stop_on_nan : True (default): stop with a ``FloatingPointError`` naming the epoch and batch
        at the first NaN or infinite loss, before that batch's step (the weights stay those of
        the last finite loss); False: train on regardless. (Data with NaN or infinity are
        refused by every method either way.)
    transform : optional data augmentation ``transform(Xb, rng) -> Xb`` applied to every
        training batch in :meth:`train_epoch` (never to validation data or predictions), e.g.
        :class:`nnbook.augment.RandomShift`. Its generator is seeded with ``(seed, epoch, 1)``,
        so a run is reproducible and a resumed one sees the same augmented batches.

    Accuracy is measured for ``SoftmaxCrossEntropy`` (:math:`\arg\max_j s_{nj} = y_n`) and
    ``BinaryCrossEntropy`` (:math:`[s_n > 0] = y_n`, a logit above 0 means class 1); for other
    losses it is NaN.

    A ``torch.nn.Module`` model (with a torch loss and a ``torch.optim`` optimizer) gets a
    :class:`nnbook.torch_models.TorchTrainer` instead: the same ``fit``, History and progress
    bar, on ``cuda`` when available.
    """

    def __new__(cls, model=None, *args, **kwargs):
        torch = sys.modules.get("torch")
        if torch is not None and isinstance(model, torch.nn.Module):
            from nnbook.torch_models import TorchTrainer
            return TorchTrainer(model, *args, **kwargs)
        return super().__new__(cls)

    def __init__(self, model: Layer, loss: Loss, optimizer: Optimizer, *,
                 regularizer: Regularizer | None = None,
                 schedule: Callable[[int], float] | None = None,
                 rng: int | np.random.Generator | None = None,
                 transform: Callable[[np.ndarray, np.random.Generator], np.ndarray] | None = None,
                 schedule_per: str = "epoch", clip_norm: float | None = None,
                 clip_value: float | None = None, callbacks=(), stop_on_nan: bool = True):
        for name, value, cls in (("model", model, Layer), ("loss", loss, Loss),
                                 ("optimizer", optimizer, Optimizer)):
            if not isinstance(value, cls):
                raise TypeError(f"Trainer: {name} must be a {cls.__name__}, got {type(value).__name__}")
        if regularizer is not None and not isinstance(regularizer, Regularizer):
            raise TypeError(f"Trainer: regularizer must be a Regularizer such as L2(1e-4) or None, "
                            f"got {type(regularizer).__name__}")
        if schedule is not None and not callable(schedule):
            raise TypeError(f"Trainer: schedule must be a function epoch -> lr (see nnbook.schedules), "
                            f"got {schedule!r}")
        params = model.parameters()
        if {id(p) for p in params.values()} != {id(p) for p in optimizer.params.values()}:
            raise ValueError("Trainer: the optimizer does not hold this model's parameters; "
                             "build it with optimizer = SGD(model.parameters(), ...)")
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.regularizer, self.schedule = regularizer, schedule
        self.schedule_per = check.choice(schedule_per, "schedule_per", "Trainer", ("epoch", "step"))
        clip_norm, clip_value = (None if v is None else check.number(v, name, "Trainer", low=0, low_open=True)
                                 for name, v in (("clip_norm", clip_norm), ("clip_value", clip_value)))
        self.clip_norm, self.clip_value = clip_norm, clip_value
        self.steps = 0                              # optimizer steps taken
        if transform is not None and not callable(transform):
            raise TypeError(f"Trainer: transform must be a function (Xb, rng) -> Xb such as "
                            f"nnbook.augment.RandomShift(1), got {transform!r}")
        self.transform = transform
        if isinstance(callbacks, (str, bytes, np.ndarray)) or not hasattr(callbacks, "__iter__"):
            raise TypeError(f"Trainer: callbacks must be a list of objects with on_backward(trainer) "
                            f"or on_step(trainer), got {callbacks!r:.80}")
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            if not any(callable(getattr(cb, m, None)) for m in ("on_backward", "on_step")):
                raise TypeError(f"Trainer: each of callbacks needs an on_backward(trainer) or "
                                f"on_step(trainer) method, got {type(cb).__name__}")
        self.stop_on_nan = check.flag(stop_on_nan, "stop_on_nan", "Trainer")
        gen = check.rng(rng, "rng", "Trainer")
        model.needs_input_grad = False              # the input is data: the first layer skips dx
        self.seed = int(gen.integers(2 ** 63))      # epoch t shuffles with default_rng([seed, t])
        self.epoch = 0                              # epochs completed
        self.history: History | None = None

    # -- batch level ---------------------------------------------------------------------------
    def _step(self, Xb: np.ndarray, yb: np.ndarray, batch: int | None = None) -> tuple[float, np.ndarray]:
        model, params = self.model, self.optimizer.params
        model.train()
        model.zero_grad()                           # backward adds into grad: start from 0
        scores = model.forward(Xb)
        loss = self.loss.forward(scores, yb)
        if self.regularizer is not None:
            loss += self.regularizer.penalty(params)
        if self.stop_on_nan and not math.isfinite(loss):
            raise _nonfinite_loss("Trainer", float(loss), self.epoch + 1, batch)
        model.backward(self.loss.backward())
        if self.regularizer is not None:
            self.regularizer.backward(params)
        if self.clip_norm is not None:
            clip_grad_norm(params, self.clip_norm)
        if self.clip_value is not None:
            clip_grad_value(params, self.clip_value)
        if self.schedule is not None and self.schedule_per == "step":
            self.optimizer.lr = _scheduled(self.schedule, self.steps, "step")
        self._tell("on_backward")
        self.optimizer.step()
        self._tell("on_step")
        self.steps += 1
        return float(loss), scores

    def _tell(self, event: str) -> None:
        for cb in self.callbacks:
            hook = getattr(cb, event, None)
            if hook is not None:
                hook(self)

    def train_batch(self, Xb: np.ndarray, yb: np.ndarray) -> float:
        """One gradient step on the batch Xb (B, D), yb (B,): forward, loss (+ penalty),
        backward, the penalty's gradient, ``optimizer.step()``. Returns the loss *before* the
        step."""
        Xb, yb = _check_data(Xb, yb, "Trainer.train_batch", ("Xb", "yb"))
        return self._step(Xb, yb)[0]

    def _num_correct(self, scores: np.ndarray, y: np.ndarray) -> float:
        if isinstance(self.loss, SoftmaxCrossEntropy):
            return float(np.sum(scores.argmax(axis=1) == y))
        if isinstance(self.loss, BinaryCrossEntropy):
            return float(np.sum((scores.reshape(-1) > 0) == (np.reshape(y, -1) >= 0.5)))
        return math.nan

    # -- epoch level ---------------------------------------------------------------------------
    def train_epoch(self, X: np.ndarray, y: np.ndarray, *, batch_size: int,
                    drop_last: bool = False) -> tuple[float, float]:
        """One pass over (X, y) in shuffled mini-batches of ``batch_size``.

        Sets ``optimizer.lr = schedule(t)`` first (t = ``self.epoch``, the epochs completed),
        and counts the epoch. Returns ``(loss, accuracy)``, the means over the samples of the
        epoch (each batch weighted by its size), measured on each batch before its step.
        """
        X, y = _check_data(X, y, "Trainer.train_epoch")
        batch_size = _positive_int("Trainer.train_epoch", "batch_size", batch_size)
        drop_last = check.flag(drop_last, "drop_last", "Trainer.train_epoch")
        if drop_last and batch_size > len(X):
            raise ValueError(f"Trainer.train_epoch: batch_size={batch_size} with drop_last=True "
                             f"leaves no batch of {len(X)} samples")
        if self.schedule is not None and self.schedule_per == "epoch":
            self.optimizer.lr = _scheduled(self.schedule, self.epoch, "epoch")
        rng = np.random.default_rng([self.seed, self.epoch])
        augment_rng = np.random.default_rng([self.seed, self.epoch, 1])
        total_loss = total_correct = 0.0
        count = 0
        batches = iterate_minibatches(X, y, batch_size, shuffle=True, drop_last=drop_last, rng=rng)
        for batch, (Xb, yb) in enumerate(batches, start=1):
            if self.transform is not None:
                Xb = np.asarray(self.transform(Xb, augment_rng))
                if len(Xb) != len(yb):
                    raise ValueError(f"Trainer: transform returned {len(Xb)} samples for a batch "
                                     f"of {len(yb)}; it must keep the number of samples")
            loss, scores = self._step(Xb, yb, batch)
            total_loss += loss * len(Xb)
            total_correct += self._num_correct(scores, yb)
            count += len(Xb)
        self.epoch += 1
        return total_loss / count, total_correct / count

    def predict(self, X: np.ndarray, *, batch_size: int = 1024) -> np.ndarray:
        """Scores (N, C) for X (N, D), computed in eval mode (Dropout off) in batches of
        ``batch_size``; the model's previous mode is restored."""
        X = check.array(X, "X", "Trainer.predict", finite=True)
        if X.ndim == 0 or len(X) == 0:
            raise ValueError(f"Trainer.predict expects X of shape (N, ...) with N ≥ 1, got {X.shape}")
        batch_size = _positive_int("Trainer.predict", "batch_size", batch_size)
        was_training = self.model.training
        self.model.eval()
        try:
            return np.concatenate([self.model.forward(X[i:i + batch_size])
                                   for i in range(0, len(X), batch_size)])
        finally:
            if was_training:
                self.model.train()

    def predict_classes(self, X: np.ndarray, *, batch_size: int = 1024) -> np.ndarray:
        """Predicted labels (N,): argmax of the scores, or ``[s > 0]`` for one logit per
        sample (BinaryCrossEntropy)."""
        scores = self.predict(X, batch_size=batch_size)
        if isinstance(self.loss, BinaryCrossEntropy) or (scores.ndim == 2 and scores.shape[1] == 1):
            return (scores.reshape(len(scores), -1)[:, 0] > 0).astype(np.int64)
        if scores.ndim != 2:
            raise ValueError(f"Trainer.predict_classes expects scores (N, C), got {scores.shape}")
        return scores.argmax(axis=1)

    def evaluate(self, X: np.ndarray, y: np.ndarray, *, batch_size: int = 1024) -> tuple[float, float]:
        """``(loss, accuracy)`` on (X, y) in eval mode, without the regularizer's penalty;
        the model's previous mode is restored."""
        X, y = _check_data(X, y, "Trainer.evaluate")
        scores = self.predict(X, batch_size=batch_size)
        loss = float(self.loss.forward(scores, y))
        return loss, self._num_correct(scores, y) / len(X)

    # -- fit level -------------------------------------------------------------------------------
    def fit(self, X: np.ndarray, y: np.ndarray, *,
            val: tuple[np.ndarray, np.ndarray] | None = None, epochs: int, batch_size: int,
            drop_last: bool = False, early_stopping: int | None = None,
            checkpoint: str | os.PathLike | None = None, progress: bool = True) -> History:
        """Train for ``epochs`` epochs (continuing the epoch count of earlier calls).

        Parameters
        ----------
        X, y : training data, X (N, D), y (N,).
        val : optional ``(X_val, y_val)``, evaluated after every epoch.
        epochs, batch_size : positive integers.
        early_stopping : patience P (needs ``val``): stop when the validation loss has not
            improved for P epochs. At the end of the run, stopped or not, the weights of the
            best epoch are restored; the optimizer's state and ``self.epoch`` are not rewound.
        checkpoint : path; :meth:`save` the model there whenever the monitored loss (validation,
            else training) reaches a new minimum.
        progress : show a progress bar over the epochs.

        Returns the :class:`History` of this call (also kept as ``self.history``).
        """
        X, y = _check_data(X, y, "Trainer.fit")
        drop_last = check.flag(drop_last, "drop_last", "Trainer.fit")
        progress = check.flag(progress, "progress", "Trainer.fit")
        if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
            raise TypeError(f"Trainer.fit: checkpoint must be a path (str or pathlib.Path) or None, "
                            f"got {checkpoint!r}")
        epochs = _positive_int("Trainer.fit", "epochs", epochs)
        batch_size = _positive_int("Trainer.fit", "batch_size", batch_size)
        if val is not None:
            X_val, y_val = _check_data(*check.pair(val, "val", "Trainer.fit", "(X_val, y_val)"),
                                       "Trainer.fit (val)")
        if early_stopping is not None:
            early_stopping = _positive_int("Trainer.fit", "early_stopping", early_stopping)
            if val is None:
                raise ValueError("Trainer.fit: early_stopping watches the validation loss; "
                                 "pass val=(X_val, y_val)")
        history = self.history = History()
        best_loss, best_weights = math.inf, None
        bar = _progress_bar(epochs, disable=not progress)
        try:
            for _ in range(epochs):
                start = time.perf_counter()
                train_loss, train_acc = self.train_epoch(X, y, batch_size=batch_size,
                                                         drop_last=drop_last)
                val_loss, val_acc = (self.evaluate(X_val, y_val) if val is not None
                                     else (math.nan, math.nan))
                for name, value in (("epoch", self.epoch), ("train_loss", train_loss),
                                    ("train_acc", train_acc), ("val_loss", val_loss),
                                    ("val_acc", val_acc), ("lr", float(self.optimizer.lr)),
                                    ("time", time.perf_counter() - start)):
                    getattr(history, name).append(value)
                monitored = val_loss if val is not None else train_loss
                if isinstance(self.schedule, ReduceOnPlateau):
                    self.schedule.observe(monitored)
                if monitored < best_loss:
                    best_loss, history.best_epoch = monitored, self.epoch
                    if early_stopping is not None:
                        best_weights = {k: p.value.copy() for k, p in self.model.parameters().items()}
                    if checkpoint is not None:
                        self.save(checkpoint)
                bar.set_postfix(_postfix(train_loss, train_acc, val_loss, val_acc), refresh=False)
                bar.update(1)
                if (early_stopping is not None and history.best_epoch is not None
                        and self.epoch - history.best_epoch >= early_stopping):
                    history.stopped_early = True
                    break
        finally:
            bar.close()
        if best_weights is not None:
            for name, p in self.model.parameters().items():
                p.value[...] = best_weights[name]
        return history

    # -- checkpoints -----------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write the model's ``state_dict()`` (parameters and the generators of Dropout layers),
        the optimizer's state, the epoch and step counts and the seed to ``path`` with
        ``np.savez`` (exactly that file name; no ".npz" is appended).

        Keys: ``"param/<name>"`` (the arrays of the model's state), ``"model_json"`` (the rest of
        it, e.g. generator states, as JSON), ``"optim/<key>"`` (see ``Optimizer.state_dict``),
        ``"epoch"``, ``"steps"``, ``"seed"``, ``"optimizer"`` (the class name).
        """
        from nnbook.checkpoint import check_path
        path = check_path(path, "Trainer.save")
        state = self.model.state_dict()
        arrays = {f"param/{k}": v for k, v in state.items() if isinstance(v, np.ndarray)}
        arrays["model_json"] = np.asarray(json.dumps(
            {k: v for k, v in state.items() if not isinstance(v, np.ndarray)}))
        arrays.update({f"optim/{k}": np.asarray(v) for k, v in self.optimizer.state_dict().items()})
        arrays["epoch"] = np.asarray(self.epoch)
        arrays["steps"] = np.asarray(self.steps)
        arrays["seed"] = np.asarray(self.seed, dtype=np.int64)
        arrays["optimizer"] = np.asarray(type(self.optimizer).__name__)
        with open(path, "wb") as f:
            np.savez(f, **arrays)

    def _read_checkpoint(self, path: str | os.PathLike) -> tuple[dict, dict, dict]:
        """(model state, optimizer state, counters) from ``path``; ValueError if unreadable."""
        from nnbook.checkpoint import check_path
        path = check_path(path, "Trainer.load")
        where = f"Trainer.load: checkpoint {os.fspath(path)!r}"
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{where} does not exist")
        try:
            with np.load(path, allow_pickle=False) as data:
                files = set(data.files)
                needed = {"epoch", "seed", "optimizer"} - files
                if needed:
                    raise KeyError(f"no {sorted(needed)}")
                model = {k[len("param/"):]: data[k] for k in files if k.startswith("param/")}
                extra = json.loads(str(data["model_json"])) if "model_json" in files else None
                optim = {k[len("optim/"):]: data[k] for k in files if k.startswith("optim/")}
                counters = {k: int(data[k]) for k in ("epoch", "seed", "steps") if k in files}
                counters["optimizer"] = str(data["optimizer"])
        except Exception as e:     # noqa: BLE001 - a damaged archive fails in zlib, struct, zipfile...
            raise ValueError(f"{where} cannot be read: it is truncated, damaged or not a file "
                             f"written by Trainer.save ({type(e).__name__}: {e})") from None
        if extra is None:             # written before generator states were saved: keep the model's
            extra = {k: v for k, v in self.model.state_dict().items() if not isinstance(v, np.ndarray)}
        if not isinstance(extra, dict) or counters["epoch"] < 0 or counters.get("steps", 0) < 0:
            raise ValueError(f"{where} is damaged: its counters or its JSON part are invalid")
        return {**model, **extra}, optim, counters

    def load(self, path: str | os.PathLike) -> None:
        """Restore what :meth:`save` wrote into this trainer's model and optimizer.

        Reads and checks everything before changing anything: the file must be a checkpoint,
        the model's state must fit (names, shapes, dtypes, finite values) and the optimizer be
        of the same class with fitting buffers; otherwise a ValueError says what differs and
        the trainer, its model and its optimizer are left as they were.
        """
        state, optim, counters = self._read_checkpoint(path)
        where = f"Trainer.load: checkpoint {os.fspath(path)!r}"
        try:
            self.model.check_state_dict(state)
        except ValueError as e:
            raise ValueError(f"{where} does not fit this model: {e}") from None
        if counters["optimizer"] != type(self.optimizer).__name__:
            raise ValueError(f"{where} was saved with a {counters['optimizer']} optimizer, "
                             f"this trainer uses {type(self.optimizer).__name__}")
        self.optimizer.load_state_dict(optim)       # validates before changing anything
        self.model.load_state_dict(state)           # checked above
        self.epoch, self.seed, self.steps = counters["epoch"], counters["seed"], counters.get("steps", 0)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in (("regularizer", self.regularizer),
                                                     ("schedule", self.schedule)) if v is not None)
        return (f"Trainer(loss={self.loss!r}, optimizer={self.optimizer!r}{extra}, "
                f"epochs done={self.epoch})")


def _scheduled(schedule, t: int, unit: str) -> float:
    """``schedule(t)`` as a learning rate, or an error naming the schedule and t."""
    lr = schedule(t)
    if isinstance(lr, (bool, np.bool_)) or not isinstance(lr, (int, float, np.number)) \
            or not math.isfinite(lr) or lr < 0:
        raise ValueError(f"Trainer: the schedule {schedule!r} returned {lr!r} for {unit} t={t}; "
                         "a learning rate must be a finite number ≥ 0")
    return float(lr)


# -- progress display ------------------------------------------------------------------------------
def _postfix(train_loss, train_acc, val_loss, val_acc) -> dict[str, str]:
    shown = {"loss": train_loss, "acc": train_acc, "val_loss": val_loss, "val_acc": val_acc}
    return {k: f"{v:.4f}" for k, v in shown.items() if not math.isnan(v)}


class _NotebookLine:
    """A file for tqdm, inside a Jupyter kernel: shows tqdm's latest line as one notebook
    output that is updated in place (``display(..., display_id=True)``).

    Unlike ``tqdm.notebook``'s widget this needs no widget manager: a notebook executed
    headless (nbclient, jupyter-book) saves the final line as plain text, where a widget would
    leave the placeholder "0%| | 0/10" and its state in the metadata. It also keeps the bar
    off stderr, which the book's build removes.
    """

    def __init__(self) -> None:
        from IPython.display import display
        self._handle = display({"text/plain": ""}, raw=True, display_id=True)

    def write(self, s: str) -> None:
        lines = [part for part in s.replace("\n", "\r").split("\r") if part.strip()]
        if lines:
            self._handle.update({"text/plain": lines[-1].rstrip()}, raw=True)

    def flush(self) -> None:
        pass


def _in_notebook_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def _progress_bar(total: int, *, disable: bool):
    """A text tqdm bar over the epochs: in a Jupyter kernel one output updated in place
    (:class:`_NotebookLine`), elsewhere on stderr as usual; nothing when ``disable``."""
    from tqdm.std import tqdm

    if disable or os.environ.get("TQDM_DISABLE"):     # the book build sets TQDM_DISABLE=1
        return tqdm(total=total, disable=True)
    file = _NotebookLine() if _in_notebook_kernel() else None
    # ascii=False: the notebook line has no encoding for tqdm to check; it shows Unicode blocks
    return tqdm(total=total, desc="epochs", unit="epoch", file=file,
                ascii=None if file is None else False)
