"""Figures the chapters draw: learning curves, learning rates, decision boundaries, weights as
images, confusion matrices, ROC curves, image galleries.

Chapter: Multilayer perceptrons (and the chapters after it that train networks).

Every function draws into ``ax`` (or a new figure) and returns the Axes, or the Figure for
grids; none calls ``plt.show()``. Each gets a title and labelled axes, which the caller may
override afterwards (``ax.set_title(...)``). Shapes use fixed letters: N samples, D features
(pixels), M hidden units, C classes.

Legends never cover data. :func:`legend_overlaps` lists what each legend of a figure covers (the
segments and markers of its lines, scatter points, bars, images and line collections such as
contour lines, in display coordinates; filled bands and filled contours are background and do not
count), and :func:`check_legends` raises an AssertionError naming them. The check runs by itself
where the book is made: when the environment variable ``NNBOOK_CHECK_FIGURES`` is "1" (the
website's build, book/_ext/static_widgets.py, and ``make test`` set it), :func:`use_book_style`
makes ``plt.show()`` check every open figure first, so a legend over a curve fails the cell that
drew it, and a playground checks its static figure. The same check holds every setting to one
colour across the panels of a figure (:func:`colour_conflicts`: lines with the same label are
drawn in the same colour). A reader's own runs (Colab, Jupyter) are
never stopped by it: the chapters call ``plt.show()`` as usual.
"""
from __future__ import annotations

import os
import types
from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from nnbook import _validate as check

LABELS = {"loss": "loss", "acc": "accuracy", "lr": "learning rate"}

#: The book's figure style, set by :func:`use_book_style`. Text is 10-11 pt and figures are at
#: most 8 in wide. The website shows a figure at its natural width (1 figure inch = 96 CSS px) and
#: shrinks it to a narrower column only as far as its smallest text stays at 8 pt; beyond that it
#: scrolls sideways (book/_ext/site_fixes.py, tests/site/test_figures.py). The column is 7.2 in at
#: 1280 px, so an 8 in figure fits there if its text is 9 pt or more; on a 390 px phone most
#: figures scroll. SVG keeps the text sharp on high-density screens; PNG fallbacks (saved figures)
#: are 150 dpi.
BOOK_STYLE = {
    "figure.dpi": 100,            # the inline size: 1 figure inch = 96–100 CSS px
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "legend.framealpha": 0.85,
    "figure.titlesize": 12,
    "axes.grid": False,
    "image.interpolation": "nearest",
}


def use_book_style(*, formats: tuple[str, ...] = ("svg",)) -> None:
    """Apply the book's figure style (:data:`BOOK_STYLE`) and, in a notebook, inline figures as
    SVG (sharp at any screen density). Every chapter calls it once after its imports."""
    formats = (formats,) if isinstance(formats, str) else formats
    if not isinstance(formats, (tuple, list)) or not formats:
        raise TypeError(f"use_book_style: formats must be a tuple of figure formats such as ('svg',), "
                        f"got {formats!r:.60}")
    for i, f in enumerate(formats):
        check.choice(f, f"formats[{i}]", "use_book_style", ("svg", "png", "retina", "jpeg", "pdf"))
    plt.rcParams.update(BOOK_STYLE)
    if checking_figures() and not getattr(plt.show, "checks_legends", False):
        plt.show = _checked_show(plt.show)
    try:                                   # only inside IPython; plain scripts keep their backend
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats(*formats)


def checking_figures() -> bool:
    """Whether the book's figure checks run (``NNBOOK_CHECK_FIGURES=1``: the website's build and
    ``make test``), see the module's docstring."""
    return os.environ.get("NNBOOK_CHECK_FIGURES") == "1"


def _checked_show(show):
    def checked_show(*args, **kwargs):
        for number in plt.get_fignums():
            check_figure(plt.figure(number))
        return show(*args, **kwargs)
    checked_show.checks_legends = True
    checked_show.__doc__ = show.__doc__
    return checked_show


def _legends(fig) -> list:
    found = list(fig.legends) + [ax.get_legend() for ax in fig.axes]
    return [leg for leg in found if leg is not None and leg.get_visible()]


def _runs(points: np.ndarray):
    """The stretches of consecutive finite points (a NaN breaks a line)."""
    finite = np.isfinite(points).all(axis=1)
    edges = np.flatnonzero(np.diff(np.r_[0, finite.astype(int), 0]))
    return [points[a:b] for a, b in zip(edges[::2], edges[1::2])]


def _inside(points: np.ndarray, box, pad: float = 0.0) -> bool:
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x >= box.x0 - pad) & (x <= box.x1 + pad) & (y >= box.y0 - pad) & (y <= box.y1 + pad)))


def _what_covers(artist, box, dpi: float) -> str | None:
    """What of ``artist`` lies in ``box`` (display coordinates), or None."""
    from matplotlib.collections import Collection, LineCollection, PolyCollection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.path import Path

    label = artist.get_label()
    name = f"{type(artist).__name__}" + ("" if label.startswith("_") else f" {label!r}")
    if isinstance(artist, Line2D):
        points = artist.get_transform().transform(np.asarray(artist.get_xydata(), dtype=float))
        if artist.get_linestyle() not in ("None", "", " ", "none"):
            for run in _runs(points):
                if (_inside(run, box) if len(run) == 1
                        else Path(run).intersects_bbox(box, filled=False)):
                    return f"the line of {name}"
        if artist.get_marker() not in (None, "None", "", " ", "none"):
            finite = points[np.isfinite(points).all(axis=1)]
            if len(finite) and _inside(finite, box, artist.get_markersize() * dpi / 72 / 2):
                return f"markers of {name}"
        return None
    if isinstance(artist, AxesImage):
        return f"the image {name}" if artist.get_window_extent().overlaps(box) else None
    if isinstance(artist, Rectangle):
        extent = artist.get_window_extent()
        return f"the bar {name}" if extent.width > 0 and extent.height > 0 and extent.overlaps(box) else None
    if isinstance(artist, Collection):
        offsets = np.asarray(artist.get_offsets(), dtype=float)
        if len(offsets) and not isinstance(artist, (LineCollection, PolyCollection)):
            points = artist.get_offset_transform().transform(offsets)
            sizes = artist.get_sizes() if hasattr(artist, "get_sizes") else []
            pad = float(np.sqrt(np.max(sizes)) * dpi / 72 / 2) if len(sizes) else 0.0
            finite = points[np.isfinite(points).all(axis=1)]
            return f"points of {name}" if len(finite) and _inside(finite, box, pad) else None
        if isinstance(artist, PolyCollection) or np.all(np.asarray(artist.get_linewidths()) == 0):
            return None                       # a filled band or filled contours: background
        transform = artist.get_transform()
        for path in artist.get_paths():
            if len(path.vertices) and transform.transform_path(path).intersects_bbox(box, filled=False):
                return f"lines of {name}"
    return None


def legend_overlaps(fig, *, margin: float = 1.0) -> list[str]:
    """What each legend of ``fig`` (a Figure, or an Axes for its figure) covers: one sentence per
    covered artist, e.g. "the legend of 'Loss per epoch' covers the line of Line2D 'validation'";
    [] when every legend is clear. Positions are those of the laid-out figure (it is drawn once,
    without rendering); ``margin``: pixels of the legend's frame that may touch data."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    fig = getattr(fig, "figure", fig) if not hasattr(fig, "legends") else fig
    legends = _legends(fig)
    if not legends:
        return []
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    found = []
    for legend in legends:
        frame = legend.get_window_extent(renderer)
        frame = Bbox.from_extents(frame.x0 + margin, frame.y0 + margin, frame.x1 - margin, frame.y1 - margin)
        owner = legend.axes
        where = ("of the figure" if owner is None else
                 f"of {owner.get_title()!r}" if owner.get_title() else "of an axes")
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            box = Bbox.intersection(frame, ax.bbox)
            if box is None or box.width <= 0 or box.height <= 0:
                continue
            artists = [*ax.lines, *ax.collections, *ax.images,
                       *(p for p in ax.patches if isinstance(p, Rectangle))]
            for artist in artists:
                if not artist.get_visible() or artist.get_alpha() == 0:
                    continue
                what = _what_covers(artist, box, fig.dpi)
                if what:
                    panel = f" in {ax.get_title()!r}" if ax is not owner and ax.get_title() else ""
                    found.append(f"the legend {where} covers {what}{panel}")
    return found


def check_legends(fig) -> None:
    """Raise an AssertionError if a legend of ``fig`` covers data (:func:`legend_overlaps`),
    saying what it covers and how to move it."""
    found = legend_overlaps(fig)
    if found:
        title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
        raise AssertionError(
            f"a legend covers data in the figure{f' {title!r}' if title else ''}: " + "; ".join(found[:4])
            + ("; ..." if len(found) > 4 else "") + ". Move it to a clear corner (loc=...), outside "
            "the axes (loc='upper left', bbox_to_anchor=(1.02, 1)) or below them (fig.legend(..., "
            "loc='outside lower center')).")


def colour_conflicts(fig) -> list[str]:
    """The settings that ``fig`` (a Figure, or an Axes for its figure) draws in more than one
    colour: a label shared by lines in one or several panels names one setting and must keep one
    colour. One sentence per label, e.g. "'lr = 0.1' is drawn in 2 colours (#1f77b4, #ff7f0e)";
    [] when every label keeps its colour."""
    from matplotlib.colors import to_hex

    fig = getattr(fig, "figure", fig) if not hasattr(fig, "legends") else fig
    colours: dict[str, set[str]] = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            label = str(line.get_label())
            if label.startswith("_") or not line.get_visible():
                continue
            colours.setdefault(label, set()).add(to_hex(line.get_color(), keep_alpha=False))
    return [f"{label!r} is drawn in {len(found)} colours ({', '.join(sorted(found))})"
            for label, found in colours.items() if len(found) > 1]


def check_figure(fig) -> None:
    """The book's checks of a figure: no legend covers data (:func:`check_legends`) and every
    labelled setting keeps one colour across the panels (:func:`colour_conflicts`); an
    AssertionError says what is wrong."""
    check_legends(fig)
    found = colour_conflicts(fig)
    if found:
        raise AssertionError("one setting, one colour: " + "; ".join(found[:4])
                             + ("; ..." if len(found) > 4 else "") + ". Give each setting's lines "
                             "the same color=... in every panel.")


def glue(name: str, value):
    """Record ``value`` under ``name`` for the prose: ``{glue:text}`name:.1%``` in a Markdown cell
    of the same notebook (or ``{glue:text}`other.ipynb::name``` elsewhere) shows it when the book
    is built (myst-nb). Outside a book build (no myst-nb, e.g. on Colab) nothing is recorded.
    Numpy scalars become Python numbers, so the format spec applies. Returns ``value``."""
    check.string(name, "name", "glue")
    try:
        from myst_nb import glue as _glue
    except ImportError:
        return value
    plain = value.item() if isinstance(value, np.generic) else value
    _glue(name, plain, display=False)
    return value


def line_colours(ax) -> dict[str, str]:
    """The colour of each labelled line of ``ax``, by label: to draw the same settings in the
    same colours in another panel."""
    return {line.get_label(): line.get_color() for line in ax.get_lines()
            if not line.get_label().startswith("_")}


def outlined(width: float = 2.8, colour: str = "0.25") -> list:
    """Path effects that outline a line, so a light colour chosen for a dark background (a
    trajectory over contours) stays visible on white: ``ax.plot(..., path_effects=outlined())``."""
    from matplotlib import patheffects
    width = check.number(width, "width", "outlined", low=0, low_open=True)
    from matplotlib.colors import is_color_like
    if not is_color_like(check.string(colour, "colour", "outlined")):
        raise ValueError(f"outlined: colour must be a matplotlib colour such as '0.25' or 'white', got {colour!r}")
    return [patheffects.withStroke(linewidth=width, foreground=colour)]


def integer_ticks(ax, axis: str = "x"):
    """Ticks at whole numbers only on ``axis`` ("x", "y" or "both"): epochs, steps, counts."""
    axis = check.choice(axis, "axis", "integer_ticks", ("x", "y", "both"))
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_locator(MaxNLocator(integer=True))
    return ax


def text_colour(value: float, image) -> str:
    """"white" or "black": the colour in which ``value`` stays legible on its cell of
    ``image`` (an AxesImage, as ``ax.imshow`` returns): light text on dark cells."""
    r, g, b, _ = image.cmap(image.norm(value))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.5 else "black"


def annotate_cells(ax, image, values, fmt: str = "{:.1f}", **kw):
    """Write each entry of the 2-D array ``values`` on its cell of ``image`` (drawn by
    ``ax.imshow(values, ...)``), in white on dark cells and black on light ones."""
    values = check.array(values, "values", "annotate_cells", ndim=2, finite=True, min_size=1)
    check.string(fmt, "fmt", "annotate_cells")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, fmt.format(v), ha="center", va="center",
                color=text_colour(v, image), **{"fontsize": 9, **kw})
    return ax


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _series(history, name: str) -> list[float]:
    """``history.name`` of a History, or ``history[name]`` of a dict; [] when absent."""
    if isinstance(history, Mapping):
        return list(history.get(name, []))
    return list(getattr(history, name, []))


def _epochs(history, n: int) -> list:
    """The x values for a series of n entries: the history's epochs, or 1..n without them."""
    epoch = _series(history, "epoch")
    return epoch if len(epoch) == n else list(range(1, n + 1))


_MAX_DRAWN = 10 ** 6      # more points, panels or epochs than a figure can show is a mistake


def _count(where: str, name: str, value, *, minimum: int = 1) -> int:
    value = check.integer(value, name, where, low=minimum)
    if value > _MAX_DRAWN:
        raise ValueError(f"{where}: {name} must be at most {_MAX_DRAWN} (a figure cannot show more), "
                         f"got {value}")
    return value


def _image_size(where: str, image_shape) -> int:
    shape = check.shape(image_shape, "image_shape", where, ndim=2)
    return shape[0] * shape[1]


def _labels(where: str, name: str, labels, n: int) -> np.ndarray | None:
    """Optional integer class labels (n,)."""
    if labels is None:
        return None
    labels = check.array(labels, name, where, kind="integer")
    if labels.shape != (n,):
        raise ValueError(f"{where}: {name} must have shape ({n},), one per image of X, got {labels.shape}")
    return labels


def _has(values) -> bool:
    return len(values) > 0 and not np.all(np.isnan(np.asarray(values, dtype=float)))


def plot_history(history, *, metrics: tuple[str, ...] = ("loss", "acc"), axes=None):
    """Learning curves: one panel per metric, training (solid) and validation (dashed) per epoch.

    Parameters
    ----------
    history : a :class:`nnbook.training.History`, or a dict with the same keys (``epoch``,
        ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc``; lists of equal length).
        Validation curves that are empty or all NaN (no validation data) are left out.
    metrics : the panels, each ``m`` drawing ``train_m`` and ``val_m``.
    axes : one Axes per metric to draw into; new ones side by side when omitted.

    Returns the array of Axes, one per metric.
    """
    metrics = (metrics,) if isinstance(metrics, str) else metrics
    if not isinstance(metrics, (tuple, list)):
        raise TypeError(f"plot_history: metrics must be a tuple of names such as ('loss', 'acc'), "
                        f"got {metrics!r:.60}")
    metrics = tuple(check.string(m, f"metrics[{i}]", "plot_history") for i, m in enumerate(metrics))
    if not isinstance(history, Mapping) and not hasattr(history, "train_loss"):
        raise TypeError(f"plot_history: history must be a History or a dict of lists, got {history!r:.60}")
    if not metrics:
        raise ValueError("plot_history: metrics is empty; give e.g. ('loss', 'acc')")
    if axes is None:
        # at most 8 in wide: at 1280 px the website shows it at 86 %, its 10 pt text at 8.6 pt
        _, axes = plt.subplots(1, len(metrics), figsize=(min(8.0, 4.2 * len(metrics)), 3.4), squeeze=False,
                               layout="constrained")
        axes = axes[0]
    axes = np.atleast_1d(axes).ravel()
    if len(axes) != len(metrics):
        raise ValueError(f"plot_history: {len(metrics)} metrics {metrics} need {len(metrics)} axes, "
                         f"got {len(axes)}")
    for ax, metric in zip(axes, metrics):
        if not _series(history, f"train_{metric}") and not _series(history, f"val_{metric}"):
            raise ValueError(f"plot_history: the history has no 'train_{metric}' or 'val_{metric}'; "
                             "metrics are names such as 'loss' and 'acc'")
        for part, style in (("train", "-"), ("val", "--")):
            values = _series(history, f"{part}_{metric}")
            if _has(values):
                ax.plot(_epochs(history, len(values)), values, style, marker="o", ms=3,
                        label="training" if part == "train" else "validation")
        label = LABELS.get(metric, metric)
        ax.set(xlabel="epoch", ylabel=label, title=f"{label.capitalize()} per epoch")
        integer_ticks(ax)
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend()
    return axes


def plot_histories(histories: Mapping[str, object], *, metric: str = "val_acc", ax=None):
    """Compare runs: ``metric`` per epoch for each named history, one line per run.

    ``histories`` maps a run's name (the legend entry, e.g. ``"width 64"``) to a History or a
    dict; ``metric`` is one of its lists, e.g. ``"val_acc"``, ``"train_loss"``. Returns the Axes.
    """
    if not isinstance(histories, Mapping):
        raise TypeError(f"plot_histories: histories must be a dict name -> History, got {histories!r:.60}")
    if not histories:
        raise ValueError("plot_histories: histories is empty; pass {name: history, ...}")
    check.string(metric, "metric", "plot_histories")
    ax = _axes(ax)
    for name, history in histories.items():
        values = _series(history, metric)
        if not values:
            raise ValueError(f"plot_histories: history {name!r} has no metric {metric!r}; "
                             "use one of its lists such as 'val_acc' or 'train_loss'")
        ax.plot(_epochs(history, len(values)), values, marker="o", ms=2, label=str(name))
    part, _, kind = metric.partition("_")
    label = LABELS.get(kind, kind) if part in ("train", "val") else LABELS.get(metric, metric)
    title = {"train": f"Training {label}", "val": f"Validation {label}"}.get(part, label.capitalize())
    ax.set(xlabel="epoch", ylabel=label, title=title)
    integer_ticks(ax)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def _schedule_name(schedule) -> str:
    """``repr`` of a :mod:`nnbook.schedules` object, the name of a plain function."""
    if isinstance(schedule, types.FunctionType):
        return "schedule" if schedule.__name__ == "<lambda>" else schedule.__name__
    return repr(schedule)


def plot_lr(schedule_or_history, *, epochs: int | None = None, ax=None):
    """The learning rate per epoch, of a schedule or of a finished run.

    ``schedule_or_history`` is either a schedule, a function t -> lr of the number t of epochs
    completed (see :mod:`nnbook.schedules`), drawn for t = 0 .. ``epochs`` − 1 at epochs
    1 .. ``epochs``; or a History (or dict) whose ``lr`` list is drawn. Returns the Axes.
    """
    if callable(schedule_or_history):
        if epochs is None:
            raise ValueError("plot_lr: give epochs=... to draw a schedule")
        epochs = _count("plot_lr", "epochs", epochs)
        ax = _axes(ax)
        t = np.arange(epochs)
        ax.plot(t + 1, [schedule_or_history(int(k)) for k in t], marker="o", ms=3)
        title = f"Learning rate: {_schedule_name(schedule_or_history)}"
    else:
        if not isinstance(schedule_or_history, Mapping) and not hasattr(schedule_or_history, "lr"):
            raise TypeError("plot_lr: schedule_or_history must be a schedule (a function epoch -> lr) "
                            f"or a History, got {schedule_or_history!r:.60}")
        lr = _series(schedule_or_history, "lr")
        if not lr:
            raise ValueError("plot_lr: schedule_or_history is a History with an empty 'lr' list")
        ax = _axes(ax)
        ax.plot(_epochs(schedule_or_history, len(lr)), lr, marker="o", ms=3)
        title = "Learning rate per epoch"
    ax.set(xlabel="epoch", ylabel="learning rate", title=title)
    integer_ticks(ax)
    ax.grid(alpha=0.3)
    return ax


def plot_decision_boundary(predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray, *,
                           ax=None, resolution: int = 200, proba: bool = False):
    """Colour the plane by ``predict`` and scatter the points on top, coloured by class.

    Parameters
    ----------
    predict : maps a grid of points G (resolution², 2) to class ids (resolution²,); with
        ``proba=True`` to the probability of class 1 (resolution²,) or (resolution², 1), drawn as
        a colour scale with the 0.5 contour (the decision boundary) in black.
    X : (N, 2) points; the grid covers them with a 10 % margin.
    y : (N,) their classes.
    resolution : grid points per axis.

    Returns the Axes.
    """
    where = "plot_decision_boundary"
    check.function(predict, "predict", where, "pass e.g. predict=lambda G: trainer.predict_classes(G)")
    X = check.array(X, "X", where, shape=("N", 2), finite=True, min_size=1)
    proba = check.flag(proba, "proba", where)
    y = check.array(y, "y", where, kind="float" if proba else "integer", dtype=float if proba else None)
    if y.size and y.min() < 0:
        raise ValueError(f"{where}: y must hold classes ≥ 0 (or probabilities), got {y.min()}")
    if y.shape != (len(X),):
        raise ValueError(f"plot_decision_boundary: y must have shape ({len(X)},), one class per point "
                         f"of X {X.shape}, got {y.shape}")
    resolution = _count("plot_decision_boundary", "resolution", resolution, minimum=2)
    pad = 0.1 * np.maximum(X.max(axis=0) - X.min(axis=0), 1e-9)
    (x0, y0), (x1, y1) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()]))
    if Z.size != gx.size:
        what = "a probability" if proba else "a class id"
        raise ValueError(f"plot_decision_boundary: predict must return {what} per grid point, shape "
                         f"({gx.size},), got {Z.shape} for a grid of {gx.size} points")
    Z = Z.reshape(gx.shape)
    ax = _axes(ax, (5.5, 4.5))
    if proba:
        filled = ax.contourf(gx, gy, Z, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(gx, gy, Z, levels=[0.5], colors="k", linewidths=1.5)
        ax.figure.colorbar(filled, ax=ax, label="P(class 1)")
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
    """The first-layer weights W (D, M) as images: column m, the weights of hidden unit m, shown
    as an image of ``image_shape`` (D = height · width), for the first ``max_images`` units.

    Each image is scaled to its own range, from its most negative weight (black) to its most
    positive (white): what a unit looks for, not how large its weights are. Returns the Figure.
    """
    W = check.array(W, "W", "plot_weight_images", kind="float", dtype=float, finite=True)
    D = _image_size("plot_weight_images", image_shape)
    if W.ndim != 2 or W.shape[0] != D:
        raise ValueError(f"plot_weight_images: W must have shape (D, M) with D = {D} for images of "
                         f"{tuple(image_shape)}, got {W.shape}")
    ncols = _count("plot_weight_images", "ncols", ncols)
    n = min(W.shape[1], _count("plot_weight_images", "max_images", max_images))
    fig, axes = _grid(n, ncols)
    for m, ax in enumerate(axes[:n]):
        w = W[:, m].reshape(image_shape)
        ax.imshow(w, cmap="gray", vmin=w.min(), vmax=w.max(), interpolation="nearest")
    fig.suptitle(f"First-layer weights: {n} of {W.shape[1]} hidden units")
    return fig


def plot_images(X: np.ndarray, y: np.ndarray | None = None, *, pred: np.ndarray | None = None,
                image_shape: tuple[int, int] = (8, 8), ncols: int = 10, max_images: int = 20):
    """A gallery of the first ``max_images`` images of X (N, D), D = height · width.

    Titles: the label y (N,), e.g. "3"; with predictions pred (N,), "3 → 8" (true → predicted)
    in red where they differ, and "3" in black where they agree. Returns the Figure.
    """
    X = check.array(X, "X", "plot_images", kind="float", dtype=float, finite=True)
    D = _image_size("plot_images", image_shape)
    if X.ndim != 2 or X.shape[1] != D:
        raise ValueError(f"plot_images: X must have shape (N, {D}) for images of "
                         f"{tuple(image_shape)}, got {X.shape}")
    if len(X) == 0:
        raise ValueError("plot_images: X has no images (0 rows)")
    y, pred = _labels("plot_images", "y", y, len(X)), _labels("plot_images", "pred", pred, len(X))
    ncols = _count("plot_images", "ncols", ncols)
    n = min(len(X), _count("plot_images", "max_images", max_images))
    if n == 0:
        raise ValueError("plot_images: no images to show (X has 0 rows)")
    fig, axes = _grid(n, ncols, size=1.1)
    for k, ax in enumerate(axes[:n]):
        ax.imshow(X[k].reshape(image_shape), cmap="gray_r", interpolation="nearest")
        if y is not None and pred is not None and y[k] != pred[k]:
            ax.set_title(f"{y[k]} → {pred[k]}", fontsize=9, color="red")
        elif y is not None or pred is not None:
            ax.set_title(str(y[k] if y is not None else pred[k]), fontsize=9)
    caption = " (true → predicted where wrong)" if y is not None and pred is not None else ""
    fig.suptitle(f"{n} of {len(X)} images{caption}")
    return fig


def plot_confusion_matrix(cm: np.ndarray, *, labels=None, normalize: bool = False, ax=None):
    """The confusion matrix cm (C, C) as a heat map with the numbers written in the cells.

    Row i is the true class, column j the predicted one, ``cm[i, j]`` the count (as from
    :func:`nnbook.metrics.confusion_matrix`). ``labels``: C class names for the ticks.
    With ``normalize`` each row is divided by its sum, so the diagonal shows the recall of each
    class (cells show fractions, e.g. "0.50"). Returns the Axes.
    """
    cm = check.array(cm, "cm", "plot_confusion_matrix", ndim=2, finite=True)
    if cm.shape[0] != cm.shape[1] or cm.shape[0] == 0:
        raise ValueError(f"plot_confusion_matrix expects a square (C, C) matrix cm, got {cm.shape}")
    normalize = check.flag(normalize, "normalize", "plot_confusion_matrix")
    if cm.min() < 0:
        raise ValueError(f"plot_confusion_matrix: cm holds counts (or fractions) ≥ 0, got {cm.min()}")
    C = cm.shape[0]
    if labels is not None and (isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__")):
        raise TypeError(f"plot_confusion_matrix: labels must be a list of {C} class names, got {labels!r:.60}")
    labels = [str(i) for i in range(C)] if labels is None else [str(label) for label in labels]
    if len(labels) != C:
        raise ValueError(f"plot_confusion_matrix: {len(labels)} labels for a matrix cm of {C} classes")
    ax = _axes(ax, (0.45 * C + 2.5, 0.45 * C + 2))
    values = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    image = ax.imshow(values, cmap="Blues")
    ax.set(xticks=range(C), yticks=range(C), xticklabels=labels, yticklabels=labels,
           xlabel="predicted class", ylabel="true class",
           title="Confusion matrix" + (" (rows normalised)" if normalize else ""))
    for i in range(C):
        for j in range(C):
            if normalize:
                text = f"{values[i, j]:.2f}"
            else:
                text = str(cm[i, j]) if np.issubdtype(cm.dtype, np.integer) else f"{cm[i, j]:g}"
            ax.text(j, i, text, ha="center", va="center", fontsize=9 if C > 6 else 12,
                    color=text_colour(values[i, j], image))
    return ax


def plot_roc(fpr: np.ndarray, tpr: np.ndarray, *, auc: float | None = None,
             threshold_point: tuple[float, float] | None = None, ax=None):
    """The ROC curve: true positive rate tpr (K,) against false positive rate fpr (K,), one
    point per threshold (as from :func:`nnbook.metrics.roc_curve`), with the diagonal of a
    random guess and, optionally, the operating point (fpr, tpr) of a chosen threshold.
    ``auc`` goes into the legend. Returns the Axes.
    """
    fpr = check.array(fpr, "fpr", "plot_roc", kind="float", dtype=float, finite=True, min_size=1)
    tpr = check.array(tpr, "tpr", "plot_roc", kind="float", dtype=float, finite=True, min_size=1)
    if auc is not None:
        auc = check.number(auc, "auc", "plot_roc", low=0, high=1)
    if threshold_point is not None:
        threshold_point = tuple(check.number(v, f"threshold_point[{i}]", "plot_roc", low=0, high=1)
                                for i, v in enumerate(check.pair(threshold_point, "threshold_point",
                                                                 "plot_roc", "(fpr, tpr)")))
    if fpr.ndim != 1 or fpr.shape != tpr.shape:
        raise ValueError(f"plot_roc: fpr and tpr must be 1-D of the same length, got {fpr.shape} "
                         f"and {tpr.shape}")
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
