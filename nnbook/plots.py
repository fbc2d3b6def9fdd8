"""Figures the chapters draw: learning curves, learning rates, decision boundaries, weights as
images, confusion matrices, ROC curves, image galleries.

Every function draws into ``ax`` (or a new figure) and returns the Axes, or the Figure for
grids; none calls ``plt.show()``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

LABELS = {"loss": "loss", "acc": "accuracy", "lr": "learning rate"}


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _series(history, name: str) -> list[float]:
    if isinstance(history, Mapping):
        return list(history.get(name, []))
    return list(getattr(history, name, []))


def _has(values) -> bool:
    return len(values) > 0 and not np.all(np.isnan(np.asarray(values, dtype=float)))


def plot_history(history, *, metrics: tuple[str, ...] = ("loss", "acc"), axes=None):
    """Learning curves: one panel per metric, training and validation per epoch.

    ``history`` is a :class:`nnbook.training.History` or a dict with the same keys
    (``epoch``, ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc``). Returns the axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.8), squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    epoch = _series(history, "epoch")
    for ax, metric in zip(axes, metrics):
        for part, style in (("train", "-"), ("val", "--")):
            values = _series(history, f"{part}_{metric}")
            if _has(values):
                ax.plot(epoch or range(1, len(values) + 1), values, style, marker="o", ms=3,
                        label="training" if part == "train" else "validation")
        ax.set(xlabel="epoch", ylabel=LABELS.get(metric, metric), title=f"{LABELS.get(metric, metric).capitalize()} per epoch")
        ax.grid(alpha=0.3)
        ax.legend()
    return axes


def plot_histories(histories: Mapping[str, object], *, metric: str = "val_acc", ax=None):
    """Compare runs: ``metric`` (e.g. ``"val_acc"``, ``"train_loss"``) per epoch for each named history."""
    ax = _axes(ax)
    for name, history in histories.items():
        values = _series(history, metric)
        if not values:
            raise ValueError(f"plot_histories: history {name!r} has no {metric!r}")
        ax.plot(_series(history, "epoch") or range(1, len(values) + 1), values, marker="o", ms=2, label=name)
    part, _, kind = metric.partition("_")
    title = f"{'Validation' if part == 'val' else 'Training'} {LABELS.get(kind, kind)}"
    ax.set(xlabel="epoch", ylabel=LABELS.get(kind, kind), title=title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def plot_lr(schedule_or_history, *, epochs: int | None = None, ax=None):
    """The learning rate per epoch: of a schedule (a function t -> lr, for ``epochs`` epochs) or of a History."""
    ax = _axes(ax)
    if callable(schedule_or_history):
        if epochs is None:
            raise ValueError("plot_lr: give epochs=... to draw a schedule")
        t = np.arange(epochs)
        ax.plot(t + 1, [schedule_or_history(int(k)) for k in t], marker="o", ms=3)
        title = f"Learning rate: {schedule_or_history!r}"
    else:
        lr = _series(schedule_or_history, "lr")
        ax.plot(_series(schedule_or_history, "epoch") or range(1, len(lr) + 1), lr, marker="o", ms=3)
        title = "Learning rate per epoch"
    ax.set(xlabel="epoch", ylabel="learning rate", title=title)
    ax.grid(alpha=0.3)
    return ax


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray, *,
                           ax=None, resolution: int = 200, proba: bool = False):
    """Colour the plane by ``predict`` and scatter the points (X (N, 2), y (N,)) on top.

    ``predict`` maps a grid (G, 2) to class ids (G,); with ``proba=True`` it returns the
    probability of class 1 (G,), drawn as a colour scale with the 0.5 contour as the boundary.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2-D points X of shape (N, 2), got {X.shape}")
    ax = _axes(ax, (5.5, 4.5))
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0))
    (x0, y0), (x1, y1) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()])).reshape(gx.shape)
    if proba:
        filled = ax.contourf(gx, gy, Z, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(gx, gy, Z, levels=[0.5], colors="k", linewidths=1.5)
        plt.colorbar(filled, ax=ax, label="P(class 1)")
    else:
        classes = np.unique(np.r_[np.unique(Z), np.unique(y)])
        ax.contourf(gx, gy, Z, levels=np.r_[classes - 0.5, classes[-1] + 0.5], cmap="tab10", alpha=0.3,
                    vmin=0, vmax=9)
    cmap = "RdBu_r" if proba else "tab10"
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, vmin=0, vmax=1 if proba else 9, s=14, edgecolors="k",
               linewidths=0.4)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="Decision boundary", xlim=(x0, x1), ylim=(y0, y1))
    return ax


def _grid(n: int, ncols: int, size: float = 1.2):
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.4), squeeze=False)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    return fig, axes.ravel()


def plot_weight_images(W: np.ndarray, *, image_shape: tuple[int, int] = (8, 8), ncols: int = 8,
                       max_images: int = 32):
    """The columns of a first-layer weight matrix W (D, M) as M images of ``image_shape``
    (D = H·W), each scaled to its own range (dark: negative, light: positive)."""
    W = np.asarray(W)
    D = int(np.prod(image_shape))
    if W.ndim != 2 or W.shape[0] != D:
        raise ValueError(f"plot_weight_images: W must have shape (D, M) with D = {D} for images of "
                         f"{image_shape}, got {W.shape}")
    n = min(W.shape[1], max_images)
    fig, axes = _grid(n, ncols)
    for k, ax in enumerate(axes[:n]):
        ax.imshow(W[:, k].reshape(image_shape), cmap="gray", interpolation="nearest")
    fig.suptitle(f"First-layer weights: {n} of {W.shape[1]} hidden units")
    return fig


def plot_images(X: np.ndarray, y: np.ndarray | None = None, *, pred: np.ndarray | None = None,
                image_shape: tuple[int, int] = (8, 8), ncols: int = 10, max_images: int = 20):
    """A gallery of images X (N, D) with titles: the label, or "true → predicted" in red when wrong."""
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != int(np.prod(image_shape)):
        raise ValueError(f"plot_images: X must have shape (N, {int(np.prod(image_shape))}) for images of "
                         f"{image_shape}, got {X.shape}")
    n = min(len(X), max_images)
    if n == 0:
        raise ValueError("plot_images: no images to show")
    fig, axes = _grid(n, ncols, size=1.1)
    for k, ax in enumerate(axes[:n]):
        ax.imshow(X[k].reshape(image_shape), cmap="gray_r", interpolation="nearest")
        if y is not None and pred is not None:
            ax.set_title(f"{y[k]} → {pred[k]}", fontsize=9, color="red" if y[k] != pred[k] else "black")
        elif y is not None:
            ax.set_title(str(y[k]), fontsize=9)
    fig.suptitle(f"{n} of {len(X)} images" + (" (true → predicted)" if pred is not None else ""))
    return fig


def plot_confusion_matrix(cm: np.ndarray, *, labels=None, normalize: bool = False, ax=None):
    """The confusion matrix (C, C), rows the true class, columns the predicted one, with counts."""
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"plot_confusion_matrix expects a square (C, C) matrix, got {cm.shape}")
    C = cm.shape[0]
    ax = _axes(ax, (0.45 * C + 2.5, 0.45 * C + 2))
    values = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    ax.imshow(values, cmap="Blues")
    labels = list(labels) if labels is not None else [str(i) for i in range(C)]
    ax.set(xticks=range(C), yticks=range(C), xticklabels=labels, yticklabels=labels,
           xlabel="predicted class", ylabel="true class", title="Confusion matrix")
    threshold = values.max() / 2
    for i in range(C):
        for j in range(C):
            text = f"{values[i, j]:.2f}" if normalize else str(int(cm[i, j]))
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="white" if values[i, j] > threshold else "black")
    return ax


def plot_roc(fpr: np.ndarray, tpr: np.ndarray, *, auc: float | None = None,
             threshold_point: tuple[float, float] | None = None, ax=None):
    """The ROC curve (TPR against FPR), the diagonal of a random guess, and a chosen operating point."""
    ax = _axes(ax, (5, 4.5))
    ax.plot(fpr, tpr, lw=2, label="ROC" + (f" (AUC {auc:.3f})" if auc is not None else ""))
    ax.plot([0, 1], [0, 1], "k:", label="random guess")
    if threshold_point is not None:
        ax.plot(*threshold_point, "o", color="C3", ms=8, label="chosen threshold")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC curve",
           xlim=(-0.01, 1.01), ylim=(-0.01, 1.01))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return ax
