r"""The learning-rate range test ("LR finder", Smith 2017; fast.ai): one pass with an
exponentially growing rate, the loss against the rate, and a suggested range.

Chapter: Optimization, section "Learning rates and schedules".

Over K mini-batches the rate grows from :math:`\eta_{\min}` to :math:`\eta_{\max}`,

.. math:: \eta_k = \eta_{\min} \Big(\frac{\eta_{\max}}{\eta_{\min}}\Big)^{k/(K-1)},
          \quad k = 0, \dots, K-1,

one optimizer step per batch. While the rate is too small the loss hardly moves; then it
falls; when the rate becomes too large it rises and explodes (the test stops there). The
interesting rates are where the (smoothed) loss falls fastest and the one just before its
minimum::

    result = lr_range_test(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=1e-3),
                           X_train, y_train, batch_size=64, rng=0)
    result.plot()
    base_lr, max_lr = result.suggested_range

The model's weights and the optimizer's state are restored afterwards: the test looks, it
does not train.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnbook import _validate
from nnbook.data import iterate_minibatches
from nnbook.layers import Layer
from nnbook.losses import Loss
from nnbook.optim import Optimizer

__all__ = ["LRRangeTest", "lr_range_test"]


@dataclass
class LRRangeTest:
    r"""What :func:`lr_range_test` measured, one entry per step in each array.

    ``lrs`` (the rate of each step), ``losses`` (the batch loss before the step), ``smoothed``
    (an exponential moving average of the losses with bias correction, weight ``smooth``).

    ``steepest`` is the rate where the smoothed loss falls fastest against
    :math:`\log \eta` (the first 10% of the steps skipped, where the average is still noise); ``best`` the rate at the smoothed minimum; ``suggested_range`` is
    :math:`(\eta_{\text{best}}/40,\ \eta_{\text{best}}/4)`, a conservative cyclical range
    (Smith sets the maximum where the loss still falls and the base a few times lower).
    """
    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stopped_early: bool

    def _finite(self) -> np.ndarray:
        return np.where(np.isfinite(self.smoothed), self.smoothed, np.inf)

    @property
    def best(self) -> float:
        return float(self.lrs[int(np.argmin(self._finite()))])

    @property
    def steepest(self) -> float:
        end = int(np.argmin(self._finite())) + 1      # before the minimum only
        skip = len(self.lrs) // 10                    # the average's first steps are noise
        if end - skip < 3:
            return float(self.lrs[skip])
        slope = np.gradient(self.smoothed[skip:end], np.log(self.lrs[skip:end]))
        return float(self.lrs[skip + int(np.argmin(slope))])

    @property
    def suggested_range(self) -> tuple[float, float]:
        return (self.best / 40, self.best / 4)

    def plot(self, ax=None):
        """The loss (raw and smoothed) against the rate on a log axis, the suggested range
        shaded. Returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
        ax.semilogx(self.lrs, self.losses, color="0.7", lw=0.8, label="batch loss")
        ax.semilogx(self.lrs, self.smoothed, color="C0", lw=2, label="smoothed")
        low, high = self.suggested_range
        ax.axvspan(low, high, color="C2", alpha=0.2, label=f"suggested [{low:.2g}, {high:.2g}]")
        ax.axvline(self.steepest, color="C3", ls="--", lw=1, label=f"steepest {self.steepest:.2g}")
        finite = self.smoothed[np.isfinite(self.smoothed)]
        top = min(float(np.max(finite)), 3 * float(finite[0]))
        ax.set(xlabel="learning rate (log scale)", ylabel="training loss",
               ylim=(0.9 * float(np.min(finite)), 1.05 * top),
               title="Learning-rate range test")
        ax.legend(fontsize=8)
        return ax

    def __repr__(self) -> str:
        low, high = self.suggested_range
        return (f"LRRangeTest({len(self.lrs)} steps, lr {self.lrs[0]:.2g} to {self.lrs[-1]:.2g}, "
                f"steepest {self.steepest:.2g}, best {self.best:.2g}, "
                f"suggested [{low:.2g}, {high:.2g}]" + (", stopped early" if self.stopped_early
                                                         else "") + ")")


def _positive(name: str, value) -> float:
    return _validate.number(value, name, "lr_range_test", low=0, low_open=True)


def lr_range_test(model: Layer, loss: Loss, optimizer: Optimizer, X: np.ndarray, y: np.ndarray, *,
                  min_lr: float = 1e-5, max_lr: float = 10.0, batch_size: int = 64,
                  steps: int | None = None, smooth: float = 0.9, diverge: float = 4.0,
                  rng: int | np.random.Generator | None = None,
                  stop_on_nan: bool = True) -> LRRangeTest:
    """Run the range test on X (N, D), y (N,) and restore the model and optimizer afterwards.

    Parameters
    ----------
    model, loss, optimizer : as for the :class:`~nnbook.training.Trainer`; the optimizer must
        hold the model's parameters.
    min_lr, max_lr : the first and last rate, 0 < min_lr < max_lr.
    batch_size : mini-batch size; one pass over shuffled batches unless ``steps`` is given
        (then the batches repeat, reshuffled, until ``steps`` steps).
    smooth : weight β of the moving average, in [0, 1).
    diverge : stop once the smoothed loss exceeds ``diverge`` times its minimum.
    rng : seed or Generator for the shuffling.
    stop_on_nan : True (default): a NaN or infinite loss at the very first step, before any
        rate could have made training diverge, is an error (the model or the loss is broken);
        later, a non-finite loss is the divergence the test looks for and ends it
        (``stopped_early``). False: a first non-finite loss ends the test too, without error.

    X and y must be finite: data with NaN or infinity are refused before anything runs.
    """
    where = "lr_range_test"
    _validate.instance(model, "model", where, Layer, "pass an nnbook model such as a Sequential")
    _validate.instance(loss, "loss", where, Loss, "pass e.g. SoftmaxCrossEntropy()")
    _validate.instance(optimizer, "optimizer", where, Optimizer,
                       "pass e.g. SGD(model.parameters(), lr=1e-3)")
    if {id(p) for p in model.parameters().values()} != {id(p) for p in optimizer.params.values()}:
        raise ValueError("lr_range_test: the optimizer does not hold this model's parameters")
    min_lr, max_lr = _positive("min_lr", min_lr), _positive("max_lr", max_lr)
    if not min_lr < max_lr:
        raise ValueError(f"lr_range_test: min_lr ({min_lr:g}) must be below max_lr ({max_lr:g})")
    X = _validate.array(X, "X", where, finite=True)
    y = _validate.array(y, "y", where, finite=True)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"lr_range_test expects X (N, ...) and y (N,) with the same N ≥ 1, got "
                         f"{X.shape} and {y.shape}")
    batch_size = _validate.positive_int(batch_size, "batch_size", "lr_range_test")
    per_pass = math.ceil(len(X) / batch_size)
    if steps is None and per_pass < 3:
        raise ValueError(f"lr_range_test: needs at least 3 steps, got {per_pass} ({len(X)} "
                         f"samples in batches of {batch_size}); use smaller batches or steps=...")
    steps = per_pass if steps is None else _validate.integer(steps, "steps", where, low=3)
    smooth = _validate.number(smooth, "smooth", "lr_range_test", low=0, high=1, high_open=True)
    diverge = _positive("diverge", diverge)
    gen = _validate.rng(rng, "rng", "lr_range_test")
    stop_on_nan = _validate.flag(stop_on_nan, "stop_on_nan", where)

    saved_weights = {k: p.value.copy() for k, p in model.parameters().items()}
    saved_state = optimizer.state_dict()
    was_training = model.training
    lrs = min_lr * (max_lr / min_lr) ** (np.arange(steps) / (steps - 1))
    losses, smoothed = [], []
    avg, best, stopped = 0.0, math.inf, False
    try:
        model.train()
        k = 0
        while k < steps and not stopped:
            for Xb, yb in iterate_minibatches(X, y, batch_size, shuffle=True, rng=gen):
                optimizer.lr = float(lrs[k])
                model.zero_grad()
                value = float(loss.forward(model.forward(Xb), yb))
                if k == 0 and stop_on_nan and not math.isfinite(value):
                    raise FloatingPointError(
                        f"lr_range_test: the loss is {value} at the first step (batch 1, rate "
                        f"{lrs[0]:g}), before any rate could make training diverge: the model or "
                        "the loss gives non-finite values; pass stop_on_nan=False to go on")
                model.backward(loss.backward())
                optimizer.step()
                losses.append(value)
                avg = smooth * avg + (1 - smooth) * value
                smoothed.append(avg / (1 - smooth ** (k + 1)))
                best = min(best, smoothed[-1])
                k += 1
                if not math.isfinite(value) or smoothed[-1] > diverge * best:
                    stopped = True
                if stopped or k == steps:
                    break
    finally:
        for name, p in model.parameters().items():
            p.value[...] = saved_weights[name]
        optimizer.load_state_dict(saved_state)
        model.train() if was_training else model.eval()
    n = len(losses)
    return LRRangeTest(lrs=lrs[:n], losses=np.array(losses), smoothed=np.array(smoothed),
                       stopped_early=stopped)
