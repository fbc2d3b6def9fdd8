"""Playgrounds: one drawing function, live sliders in Jupyter and Colab, a static figure on the website.

Chapter: every chapter with a playground (Backpropagation first).

A playground is a plain function that draws one setting into matplotlib Axes, plus the controls
that choose the setting. :class:`Playground` shows it in one of two modes:

- **live** (a Jupyter or Colab kernel): ipywidgets sliders and dropdowns above an output area; moving
  a control redraws the figure (on release, so a slow drawing is not redrawn at every pixel).
- **static** (the website, built by Jupyter Book where no widget JavaScript may load from a CDN):
  one figure of small multiples, the same drawing at a few settings (``static=[...]``), each panel
  titled with its setting. No widget and no widget repr reaches the page.

The mode is decided once per process: ``NNBOOK_WIDGETS=static`` or ``=live`` in the environment
forces it (the book build sets ``static``, see ``book/_ext/static_widgets.py`` and the Makefile);
otherwise it is live inside an IPython kernel with ipywidgets installed, static anywhere else.
:func:`set_mode` (or ``Playground(..., mode=...)``) overrides it, for tests and for readers.

Example (a neuron's decision line as its weights move)::

    import numpy as np
    from nnbook.widgets import Playground, Slider

    def draw(ax, *, w1, w2, b):
        x = np.linspace(-3, 3, 50)
        ax.plot(x, -(w1 * x + b) / w2)
        ax.set(xlabel="$x_1$", ylabel="$x_2$", ylim=(-3, 3))

    Playground(draw, {"w1": Slider(-2, 2, 0.1, value=1.0), "w2": Slider(0.2, 2, 0.1, value=1.0),
                      "b": Slider(-2, 2, 0.1, value=0.0)},
               static=[{"w1": 1.0}, {"w1": -1.0}, {"b": 1.5}])   # last line of a cell: shows it

Test a playground without a browser: ``pg.render(w1=0.5)`` returns the Figure of one setting,
``pg.render_static()`` the website's figure; in live mode ``pg.widget()`` is the ipywidgets box,
``pg.controls["w1"].value = 0.5`` redraws into ``pg.output`` and ``pg.last_redraw_seconds`` says
how long it took.
"""
from __future__ import annotations

import math
import os
import textwrap
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from nnbook import _validate as check
from nnbook.plots import check_figure, checking_figures

ENV = "NNBOOK_WIDGETS"
MODES = ("live", "static")
_forced: str | None = None

#: Text an ipywidget shows where no widget frontend runs; it must never reach the website.
WIDGET_REPRS = ("VBox(", "HBox(", "IntSlider(", "FloatSlider(", "FloatLogSlider(", "Dropdown(",
                "Output(", "interactive(", "Checkbox(", "Loading widget")


# --- mode ----------------------------------------------------------------------------------------

def set_mode(mode: str | None) -> None:
    """Force ``"live"`` or ``"static"`` for every later playground; ``None`` detects again."""
    global _forced
    if mode is not None:
        _check_mode(mode, "set_mode")
    _forced = mode


def mode() -> str:
    """``"live"`` or ``"static"``: :func:`set_mode`, then ``$NNBOOK_WIDGETS``, then detection."""
    if _forced is not None:
        return _forced
    env = os.environ.get(ENV, "").strip().lower()
    if env:
        return _check_mode(env, f"${ENV}")
    return "live" if _in_kernel() and _has_ipywidgets() else "static"


def _check_mode(value, where: str) -> str:
    return check.choice(value, "mode", where, MODES)


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _has_ipywidgets() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


# --- controls ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slider:
    """A number between ``min`` and ``max`` in steps of ``step``; integers when all three are.

    ``log=True`` moves in powers of ten (a learning rate): ``min``/``max`` are the values, not
    exponents, and ``step`` is the step of the exponent (default 0.1).
    """
    min: float
    max: float
    step: float | None = None
    value: float | None = None
    label: str | None = None
    log: bool = False

    def __post_init__(self):
        for name in ("min", "max", "step", "value"):
            if name in ("min", "max") or getattr(self, name) is not None:
                check.number(getattr(self, name), name, "Slider")
        check.flag(self.log, "log", "Slider")
        if self.label is not None:
            check.string(self.label, "label", "Slider")
        if not self.min < self.max:
            raise ValueError(f"Slider: min must be below max, got min={self.min!r}, max={self.max!r}")
        if self.log and self.min <= 0:
            raise ValueError(f"Slider(log=True): min must be > 0, got {self.min!r}")
        if self.step is not None and not self.step > 0:
            raise ValueError(f"Slider: step must be a positive number, got {self.step!r}")
        if self.step is not None and not self.log and self.step > self.max - self.min:
            raise ValueError(f"Slider: step {self.step!r} is larger than the range [{self.min!r}, "
                             f"{self.max!r}]; the slider would have one position")
        if self.value is not None and not self.min <= self.value <= self.max:
            raise ValueError(f"Slider: value {self.value!r} is outside [{self.min!r}, {self.max!r}]")

    @property
    def integer(self) -> bool:
        return not self.log and all(isinstance(v, (int, np.integer)) for v in
                                    (self.min, self.max, self.step if self.step is not None else 1))

    @property
    def default(self):
        if self.value is not None:
            return self.value
        if self.log:
            return float(10 ** ((math.log10(self.min) + math.log10(self.max)) / 2))
        mid = (self.min + self.max) / 2
        return int(round(mid)) if self.integer else mid

    def accepts(self, value) -> bool:
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
            and self.min <= value <= self.max

    def widget(self, name: str):
        import ipywidgets as w
        common = dict(description=self.label or name, continuous_update=False,
                      style={"description_width": "initial"})
        if self.log:
            return w.FloatLogSlider(value=self.default, base=10, min=math.log10(self.min),
                                    max=math.log10(self.max), step=self.step or 0.1, **common)
        if self.integer:
            return w.IntSlider(value=self.default, min=self.min, max=self.max, step=self.step or 1,
                               **common)
        step = self.step if self.step is not None else (self.max - self.min) / 100
        decimals = max(2, -math.floor(math.log10(step)))      # 0.999 in steps of 0.001 reads 0.999
        return w.FloatSlider(value=self.default, min=self.min, max=self.max, step=step,
                             readout_format=f".{decimals}f", **common)


@dataclass(frozen=True)
class Choice:
    """One of ``options`` (a dropdown); ``options`` may be a mapping of label to value."""
    options: Sequence | Mapping
    value: object = None
    label: str | None = None

    def __post_init__(self):
        if isinstance(self.options, (str, bytes, np.ndarray)) or not isinstance(self.options, (Sequence, Mapping)):
            raise TypeError(f"Choice: options must be a non-empty list or mapping, got {self.options!r:.60}")
        if len(self.options) == 0:
            raise ValueError(f"Choice: options must be a non-empty list or mapping, got {self.options!r}")
        if self.label is not None:
            check.string(self.label, "label", "Choice")
        if self.value is not None and not self.accepts(self.value):
            raise ValueError(f"Choice: value {self.value!r} is not one of {self._values()!r}")

    def _values(self) -> list:
        return list(self.options.values()) if isinstance(self.options, Mapping) else list(self.options)

    @property
    def default(self):
        return self.value if self.value is not None else self._values()[0]

    def accepts(self, value) -> bool:
        return any(value is v or value == v for v in self._values())

    def widget(self, name: str):
        import ipywidgets as w
        options = list(self.options.items()) if isinstance(self.options, Mapping) else list(self.options)
        return w.Dropdown(options=options, value=self.default, description=self.label or name,
                          style={"description_width": "initial"})


@dataclass(frozen=True)
class Toggle:
    """On or off (a checkbox)."""
    value: bool = False
    label: str | None = None

    def __post_init__(self):
        check.flag(self.value, "value", "Toggle")
        if self.label is not None:
            check.string(self.label, "label", "Toggle")

    @property
    def default(self) -> bool:
        return bool(self.value)

    def accepts(self, value) -> bool:
        return isinstance(value, (bool, np.bool_))

    def widget(self, name: str):
        import ipywidgets as w
        return w.Checkbox(value=self.default, description=self.label or name, indent=False)


CONTROLS = (Slider, Choice, Toggle)


def _png(fig) -> str:
    """The figure as base64 PNG text, the way a notebook stores an image output."""
    import base64
    import io
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# --- the playground ------------------------------------------------------------------------------

class Playground:
    """A drawing function with controls: live widgets in a kernel, small multiples on the website.

    Parameters
    ----------
    draw : ``draw(ax, **settings)``, drawing one setting into ``ax`` (one Axes, or a tuple of
        ``panels`` Axes side by side). A plain function: no widgets, no ``plt.show()``.
    controls : mapping of setting name to :class:`Slider`, :class:`Choice` or :class:`Toggle`
        (every keyword ``draw`` takes), in the order shown.
    static : the settings of the website's figure, each a dict overriding some defaults (the
        rest keep the controls' values); default: the defaults alone.
    panels : how many Axes one setting draws into, side by side (default 1).
    panel_size : (width, height) in inches of one Axes; the static figure is at most 7.5 in wide.
    ncols : panels per row of the static figure when ``panels == 1`` (default up to 3).
    title : a line above the static figure (e.g. what the reader could move in a kernel).
    mode : ``"live"`` or ``"static"``, overriding :func:`mode` for this playground.
    """

    MAX_WIDTH = 7.5   # inches: fits the website's column (7.2 in at 1280 px) with 9 pt text

    def __init__(self, draw: Callable, controls: Mapping, *, static: Sequence[Mapping] | None = None,
                 panels: int = 1, panel_size: tuple[float, float] = (4.0, 3.2), ncols: int | None = None,
                 title: str | None = None, mode: str | None = None):
        if not callable(draw):
            raise TypeError(f"Playground: draw must be a function draw(ax, **settings), got {draw!r}")
        if not isinstance(controls, Mapping):
            raise TypeError(f"Playground: controls must be a non-empty mapping name -> Slider/Choice/"
                            f"Toggle, got {controls!r:.60}")
        if not controls:
            raise ValueError(f"Playground: controls must be a non-empty mapping name -> Slider/Choice/"
                             f"Toggle, got {controls!r}")
        for name, spec in controls.items():
            if not isinstance(spec, CONTROLS):
                raise TypeError(f"Playground: control {name!r} must be a Slider, Choice or Toggle, "
                                f"got {spec!r}")
        panels = check.integer(panels, "panels", "Playground", low=1, high=100)
        if ncols is not None:
            ncols = check.integer(ncols, "ncols", "Playground", low=1, high=100)
        panel_size = tuple(check.number(v, f"panel_size[{i}]", "Playground", low=0, low_open=True, high=50)
                           for i, v in enumerate(check.pair(panel_size, "panel_size", "Playground",
                                                            "(width, height) in inches")))
        if title is not None:
            check.string(title, "title", "Playground")
        if static is not None and (isinstance(static, (str, bytes, Mapping)) or not isinstance(static, Sequence)):
            raise TypeError(f"Playground: static must be a list of settings (dicts), got {static!r:.60}")
        for i, setting in enumerate(static or []):
            if not isinstance(setting, Mapping):
                raise TypeError(f"Playground: static[{i}] must be a dict of settings, got {setting!r:.60}")
        if mode is not None:
            _check_mode(mode, "Playground")
        self.draw = draw
        self.specs = dict(controls)
        self.defaults = {name: spec.default for name, spec in self.specs.items()}
        self.static = [self.settings(**s) for s in (static if static is not None else [{}])]
        if not self.static:
            raise ValueError("Playground: static is empty; give at least one setting (a dict)")
        self.panels = int(panels)
        self.panel_size = tuple(float(s) for s in panel_size)
        self.ncols = ncols
        self.title = title
        self._mode = mode
        self.controls: dict = {}
        self.output = None
        self.last_redraw_seconds: float | None = None
        self._box = None

    @property
    def mode(self) -> str:
        return self._mode or mode()

    def settings(self, **overrides) -> dict:
        """The defaults with ``overrides`` applied, each checked against its control."""
        unknown = set(overrides) - set(self.specs)
        if unknown:
            raise ValueError(f"Playground: unknown setting(s) {sorted(unknown)}; "
                             f"the controls are {list(self.specs)}")
        for name, value in overrides.items():
            spec = self.specs[name]
            if isinstance(spec, Slider):
                check.number(value, name, "Playground (a Slider's setting)")
            elif isinstance(spec, Toggle):
                check.flag(value, name, "Playground (a Toggle's setting)")
            if not spec.accepts(value):
                raise ValueError(f"Playground: setting {name}={value!r} is outside its control "
                                 f"{self.specs[name]!r}")
        return {**self.defaults, **overrides}

    @staticmethod
    def label(settings: Mapping) -> str:
        """``"w1=0.5, act=relu"``: a setting as a panel title."""
        def fmt(v):
            if isinstance(v, (float, np.floating)):
                return f"{v:.3g}"
            return getattr(v, "__name__", str(v))
        return ", ".join(f"{k}={fmt(v)}" for k, v in settings.items())

    # -- drawing --------------------------------------------------------------------------------
    def _draw_into(self, axes, settings: Mapping):
        self.draw(axes[0] if self.panels == 1 else tuple(axes), **settings)

    def render(self, **overrides):
        """A new Figure of one setting (defaults with ``overrides``), as the live view draws it."""
        settings = self.settings(**overrides)
        w, h = self.panel_size
        scale = min(1.0, self.MAX_WIDTH / (w * self.panels))
        fig, axes = plt.subplots(1, self.panels, figsize=(w * self.panels * scale, h * scale),
                                 squeeze=False, layout="constrained")
        self._draw_into(axes[0], settings)
        return fig

    def render_static(self):
        """The website's Figure: the drawing at each ``static`` setting, titled with what differs."""
        n = len(self.static)
        if self.panels == 1:
            ncols = min(n, self.ncols or 3)
            nrows = math.ceil(n / ncols)
            grid_cols = ncols
        else:
            nrows, grid_cols = n, self.panels
        w, h = self.panel_size
        scale = min(1.0, self.MAX_WIDTH / (w * grid_cols))
        fig, grid = plt.subplots(nrows, grid_cols, figsize=(w * grid_cols * scale, h * nrows * scale),
                                 squeeze=False, layout="constrained")
        varied = [k for k in self.specs if len({repr(s[k]) for s in self.static}) > 1] or list(self.specs)
        for i, settings in enumerate(self.static):
            axes = grid[i // ncols, [i % ncols]] if self.panels == 1 else grid[i]
            self._draw_into(axes, settings)
            # wrapped at the panel's width (about nine characters an inch): a long title
            # would run into its neighbour's and lose the settings at its end
            label = textwrap.fill(self.label({k: settings[k] for k in varied}),
                                  width=max(24, int(9 * w * scale)))
            own = axes[0].get_title()
            axes[0].set_title(f"{label}\n{own}" if own else label, fontsize="medium")
        for ax in grid.ravel()[n * self.panels if self.panels > 1 else n:]:
            ax.set_visible(False)
        if self.title:
            fig.suptitle(self.title)
        return fig

    # -- live -----------------------------------------------------------------------------------
    def widget(self):
        """The live ipywidgets box (controls above the output), built once and drawn once."""
        if self._box is None:
            import ipywidgets as w
            self.controls = {name: spec.widget(name) for name, spec in self.specs.items()}
            self.output = w.Output()
            for control in self.controls.values():
                control.observe(self._on_change, names="value")
            layout = w.Layout(flex_flow="row wrap")
            self._box = w.VBox([w.HBox(list(self.controls.values()), layout=layout), self.output])
            self.redraw()
        return self._box

    def _on_change(self, _change) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw the controls' current setting into the output area (live mode)."""
        settings = {name: c.value for name, c in self.controls.items()}
        start = time.perf_counter()
        fig = self.render(**settings)
        try:
            png = _png(fig)
        finally:
            plt.close(fig)
        # One assignment replaces the picture (no flicker, and it works with or without a kernel).
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": png, "text/plain": f"<Figure: {self.label(settings)}>"}},)
        self.last_redraw_seconds = time.perf_counter() - start

    def _ipython_display_(self) -> None:
        from IPython.display import display
        if self.mode == "live":
            display(self.widget())
        else:
            fig = self.render_static()
            if checking_figures():                # the book's build: no legend over data
                check_figure(fig)
            display(fig)
            plt.close(fig)

    def __repr__(self) -> str:
        return f"Playground({getattr(self.draw, '__name__', 'draw')}, controls={list(self.specs)})"
