r"""Optimizers on 2-D test functions: trajectories over contour plots, and the chapter's playground.

Chapter: Optimization, sections "Gradient descent and its failure modes" and "A playground".

The point (x, y) is wrapped as a :class:`~nnbook.layers.Parameter` of shape (2,) and moved by
the very optimizer classes that train networks (:mod:`nnbook.optim`), so what the pictures show
is what those classes do::

    from nnbook.optim import SGD
    from nnbook.surfaces import SURFACES, trajectory, plot_trajectories

    bowl = SURFACES["quadratic"]
    path = trajectory(bowl, lambda p: SGD(p, lr=0.05, momentum=0.9), steps=100)   # (K + 1, 2)
    plot_trajectories(bowl, {"momentum 0.9": path})
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from nnbook import _validate
from nnbook.layers import Parameter
from nnbook.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSProp

__all__ = ["Surface", "quadratic", "rosenbrock", "saddle", "SURFACES", "trajectory",
           "plot_surface", "plot_trajectories", "make_optimizer", "draw_playground", "playground"]


@dataclass(frozen=True)
class Surface:
    """A function of two variables, its gradient, and where to look at it.

    ``f(x, y)`` and ``grad(x, y) -> (df/dx, df/dy)`` work elementwise on arrays of any (equal)
    shape; ``xlim``/``ylim`` bound the plot, ``start`` is the usual starting point and
    ``minima`` the points (x, y) where f is smallest.
    """
    name: str
    f: Callable
    grad: Callable
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    log_levels: bool = False

    def __repr__(self) -> str:
        return f"Surface({self.name!r})"


def quadratic(kappa: float = 20.0) -> Surface:
    r"""The ill-conditioned bowl :math:`f(x, y) = \tfrac12 (x^2 + \kappa y^2)`.

    Its Hessian is diag(1, κ): the condition number is κ. Gradient descent converges only for
    η < 2/κ (the steep direction), and then moves along the flat x direction by the factor
    :math:`1 - η` per step: the larger κ, the slower.
    """
    k = _validate.number(kappa, "kappa (the condition number)", "quadratic", low=1)
    return Surface(f"quadratic (κ={k:g})",
                   f=lambda x, y: 0.5 * (x ** 2 + k * y ** 2),
                   grad=lambda x, y: (x, k * y),
                   xlim=(-5.0, 5.0), ylim=(-2.5, 2.5), start=(-4.5, 1.5), minima=((0.0, 0.0),))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    r"""Rosenbrock's banana :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`, minimum at (a, a²).

    A curved, flat-bottomed valley: finding the valley is easy, following it is the hard part.
    """
    a = _validate.number(a, "a", "rosenbrock", low=0, low_open=True)
    b = _validate.number(b, "b", "rosenbrock", low=0, low_open=True)
    return Surface("Rosenbrock",
                   f=lambda x, y: (a - x) ** 2 + b * (y - x ** 2) ** 2,
                   grad=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x ** 2), 2 * b * (y - x ** 2)),
                   xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), start=(-1.5, 2.5),
                   minima=((float(a), float(a) ** 2),), log_levels=True)


def saddle() -> Surface:
    r"""A saddle between two valleys: :math:`f(x, y) = \tfrac12 x^2 + \tfrac14 y^4 - \tfrac12 y^2`.

    The origin is a saddle point (gradient 0, curvature +1 along x, -1 along y); the minima are
    (0, ±1). Started almost on the ridge y = 0, gradient descent slows down near the saddle,
    where the gradient vanishes, before it escapes.
    """
    return Surface("saddle",
                   f=lambda x, y: 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2,
                   grad=lambda x, y: (x, y ** 3 - y),
                   xlim=(-2.5, 2.5), ylim=(-1.6, 1.6), start=(-2.2, 0.01),
                   minima=((0.0, -1.0), (0.0, 1.0)))


SURFACES: dict[str, Surface] = {"quadratic": quadratic(), "rosenbrock": rosenbrock(),
                                "saddle": saddle()}


def trajectory(surface: Surface, make: Callable[[dict[str, Parameter]], Optimizer], *,
               start: tuple[float, float] | None = None, steps: int = 100) -> np.ndarray:
    """The points (K + 1, 2) visited by the optimizer ``make({"xy": p})`` in ``steps`` steps
    from ``start`` (default ``surface.start``), the start included.

    Each step is the same as in training: clear the gradient, add the function's gradient
    into ``p.grad``, ``opt.step()``. The run stops early (K < steps) when the point becomes
    non-finite or leaves a box 100 times the plot's size: it diverged.
    """
    if not isinstance(surface, Surface):
        raise TypeError(f"trajectory: surface must be a Surface such as SURFACES['rosenbrock'], "
                        f"got {surface!r}")
    if not callable(make):
        raise TypeError("trajectory: make must be a function params -> optimizer, "
                        "e.g. lambda p: SGD(p, lr=0.01)")
    steps = _validate.integer(steps, "steps", "trajectory", low=0, high=MAX_STEPS)
    start = surface.start if start is None else start
    xy = _validate.array(start, "start", "trajectory", shape=(2,), kind="float", dtype=np.float64,
                         finite=True)
    p = Parameter(xy.copy())
    opt = make({"xy": p})
    if not isinstance(opt, Optimizer):
        raise TypeError(f"trajectory: make must return an nnbook optimizer, got {opt!r}")
    size = max(np.ptp(surface.xlim), np.ptp(surface.ylim))
    points = [p.value.copy()]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            p.grad[...] = 0
            gx, gy = surface.grad(*p.value)
            p.grad += (gx, gy)
            opt.step()
            if not np.all(np.isfinite(p.value)) or np.max(np.abs(p.value)) > 100 * size:
                break
            points.append(p.value.copy())
    return np.array(points)


MAX_STEPS = 10 ** 6      # a trajectory longer than this is a mistake, not a figure


def _check_surface(surface, where: str) -> None:
    if not isinstance(surface, Surface):
        raise TypeError(f"{where}: surface must be a Surface such as SURFACES['rosenbrock'], "
                        f"got {surface!r:.60}")


def plot_surface(surface: Surface, ax=None, *, levels: int = 25, resolution: int = 200):
    """Filled contours of ``surface`` over its plot bounds (log-spaced levels for Rosenbrock),
    its minima as stars. Returns the Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    _check_surface(surface, "plot_surface")
    levels = _validate.integer(levels, "levels", "plot_surface", low=2, high=1000)
    resolution = _validate.integer(resolution, "resolution", "plot_surface", low=2, high=5000)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4), layout="constrained")
    x = np.linspace(*surface.xlim, resolution)
    y = np.linspace(*surface.ylim, resolution)
    X, Y = np.meshgrid(x, y)
    Z = surface.f(X, Y)
    if surface.log_levels:
        Z = Z - Z.min() + 1e-3
        lv = np.geomspace(Z.min(), Z.max(), levels)
        ax.contourf(X, Y, Z, levels=lv, norm=LogNorm(), cmap="viridis", alpha=0.85)
        ax.contour(X, Y, Z, levels=lv, colors="k", linewidths=0.3, alpha=0.4)
    else:
        ax.contourf(X, Y, Z, levels=levels, cmap="viridis", alpha=0.85)
        ax.contour(X, Y, Z, levels=levels, colors="k", linewidths=0.3, alpha=0.4)
    for mx, my in surface.minima:
        ax.plot(mx, my, "*", color="white", markersize=12, markeredgecolor="k")
    ax.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="$x$", ylabel="$y$", title=surface.name)
    return ax


def plot_trajectories(surface: Surface, trajectories: Mapping[str, np.ndarray], ax=None, *,
                      markers: bool = True):
    """Draw each trajectory (label -> points (K + 1, 2)) over the contours of ``surface``;
    a trajectory that diverged ends with an ×. Returns the Axes (with a legend)."""
    _check_surface(surface, "plot_trajectories")
    if not isinstance(trajectories, Mapping):
        raise TypeError(f"plot_trajectories: trajectories must be a non-empty dict label -> points, "
                        f"got {trajectories!r:.60}")
    if not trajectories:
        raise ValueError("plot_trajectories: trajectories must be a non-empty dict label -> points")
    markers = _validate.flag(markers, "markers", "plot_trajectories")
    ax = plot_surface(surface, ax)
    colors = ["#e41a1c", "#ff7f00", "#ffff33", "#f781bf", "#ffffff", "#a65628", "#999999"]
    for (label, pts), color in zip(trajectories.items(), colors * 3):
        pts = _validate.array(pts, f"trajectories[{label!r}]", "plot_trajectories", kind="float",
                              dtype=np.float64)
        if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) == 0:
            raise ValueError(f"plot_trajectories: trajectory {label!r} must have shape (K, 2), "
                             f"got {pts.shape}")
        ax.plot(pts[:, 0], pts[:, 1], "-", color=color, lw=1.6, label=label,
                marker="o" if markers else None, markersize=2.5)
        ax.plot(*pts[0], "o", color="k", markersize=5)
    ax.legend(loc="lower right", framealpha=0.8)
    return ax


# -- the playground -------------------------------------------------------------------------------
OPTIMIZERS = ("SGD", "momentum", "Nesterov", "RMSProp", "Adam", "AdamW", "Adagrad")


def make_optimizer(name: str, params: dict[str, Parameter], *, lr: float, momentum: float = 0.9,
                   beta1: float = 0.9, beta2: float = 0.999) -> Optimizer:
    """One of :data:`OPTIMIZERS` by name, with the playground's settings: ``momentum`` for
    momentum and Nesterov, ``beta1``/``beta2`` for Adam and AdamW, ``beta2`` as RMSProp's α."""
    _validate.choice(name, "name", "make_optimizer", OPTIMIZERS)
    for setting, value in (("momentum", momentum), ("beta1", beta1), ("beta2", beta2)):
        _validate.number(value, setting, "make_optimizer", low=0, high=1, high_open=True)
    if name == "SGD":
        return SGD(params, lr=lr)
    if name in ("momentum", "Nesterov"):
        return SGD(params, lr=lr, momentum=momentum, nesterov=name == "Nesterov")
    if name == "RMSProp":
        return RMSProp(params, lr=lr, alpha=beta2)
    if name == "Adagrad":
        return Adagrad(params, lr=lr)
    cls = Adam if name == "Adam" else AdamW
    return cls(params, lr=lr, betas=(beta1, beta2))


def draw_playground(ax, *, surface: str = "rosenbrock", optimizer: str = "momentum",
                    lr: float = 1e-3, momentum: float = 0.9, beta1: float = 0.9,
                    beta2: float = 0.999, steps: int = 200) -> np.ndarray:
    """Draw one optimizer's trajectory on one surface into ``ax`` (the playground's drawing);
    returns the trajectory. RMSProp takes its smoothing α from ``beta2``."""
    _validate.choice(surface, "surface", "draw_playground", SURFACES)
    _validate.choice(optimizer, "optimizer", "draw_playground", OPTIMIZERS)
    for setting, value in (("momentum", momentum), ("beta1", beta1), ("beta2", beta2)):
        _validate.number(value, setting, "draw_playground", low=0, high=1, high_open=True)
    lr = _validate.number(lr, "lr", "draw_playground", low=0, low_open=True)
    steps = _validate.integer(steps, "steps", "draw_playground", low=0, high=MAX_STEPS)
    s = SURFACES[surface]
    path = trajectory(s, lambda p: make_optimizer(optimizer, p, lr=lr, momentum=momentum,
                                                  beta1=beta1, beta2=beta2), steps=steps)
    diverged = len(path) < steps + 1
    final = s.f(*path[-1])
    result = "diverged" if diverged else f"f = {final:.2g} after {steps} steps"
    # the result goes into the title: a legend inside a panel this small covers the path
    plot_trajectories(s, {optimizer: path}, ax).get_legend().remove()
    ax.set_title(f"{s.name}, {optimizer}, lr={lr:.2g}\n{optimizer}: {result}", fontsize=10)
    return path


def playground(**kwargs):
    """The chapter's playground as an :class:`nnbook.widgets.Playground`: a surface, an
    optimizer and its settings on sliders; on the website a figure of a few settings.
    ``kwargs`` go to ``Playground`` (e.g. ``mode="static"``)."""
    from nnbook.widgets import Choice, Playground, Slider

    controls = {
        "surface": Choice(list(SURFACES), value="rosenbrock"),
        "optimizer": Choice(list(OPTIMIZERS), value="momentum"),
        "lr": Slider(1e-4, 1.0, 0.1, value=1e-3, log=True),
        "momentum": Slider(0.0, 0.99, 0.01, value=0.9),
        "beta1": Slider(0.0, 0.99, 0.01, value=0.9),
        "beta2": Slider(0.5, 0.999, 0.001, value=0.999),
        "steps": Slider(10, 500, 10, value=200),
    }
    static = [{"optimizer": "SGD"}, {"optimizer": "momentum"}, {"optimizer": "Adam", "lr": 0.05},
              {"surface": "quadratic", "optimizer": "SGD", "lr": 0.09},
              {"surface": "quadratic", "optimizer": "momentum", "lr": 0.03},
              {"surface": "saddle", "optimizer": "RMSProp", "lr": 0.02}]

    def draw(ax, **settings):
        draw_playground(ax, **settings)
        # the static figure names each panel's setting itself; the result line stays
        ax.set_title(ax.get_title().partition("\n")[2], fontsize=10)

    kwargs.setdefault("title", "Optimizer playground: in Jupyter or Colab, move the sliders")
    return Playground(draw, controls, static=static, panel_size=(4.0, 3.2), ncols=2, **kwargs)
