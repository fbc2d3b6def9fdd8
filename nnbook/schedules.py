r"""Learning-rate schedules: pure functions of the step (or epoch) t = 0, 1, 2, ...

Chapter: Optimization, section "Learning-rate schedules".

Each schedule is a small callable object: ``schedule(t)`` returns the learning rate for step t
and depends on nothing else, so it can be plotted, tested and resumed from any t. Use one by
setting the optimizer's rate before each step (or epoch)::

    sched = cosine(0.1, total=50)
    for t in range(50):
        opt.lr = sched(t)
        ...

(:class:`nnbook.training.Trainer` does this at the start of every epoch.) The formulas match
``torch.optim.lr_scheduler`` where it has an equivalent, which the tests check.
"""
from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Callable


def _positive(owner: str, name: str, value, *, allow_zero: bool = False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{owner}: {name} must be a finite number {'≥' if allow_zero else '>'} 0, "
                         f"got {value!r}")
    return float(value)


def _positive_int(owner: str, name: str, value) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{owner}: {name} must be a positive integer, got {value!r}")
    return int(value)


def _step(owner: str, t) -> int:
    try:
        t_int = operator.index(t)                   # int or numpy integer, not 1.5
    except TypeError:
        t_int = None
    if t_int is None or isinstance(t, bool) or t_int < 0:
        raise ValueError(f"{owner}: the step t must be an integer ≥ 0, got {t!r}")
    return t_int


class Schedule:
    """A learning rate as a function of the step: ``schedule(t) -> float``."""

    def __call__(self, t: int) -> float:
        return self.lr_at(_step(repr(self), t))

    def lr_at(self, t: int) -> float:
        raise NotImplementedError


class constant(Schedule):
    r""":math:`\eta_t = \eta` for every t."""

    def __init__(self, lr: float):
        self.lr = _positive("constant", "lr", lr)

    def lr_at(self, t: int) -> float:
        return self.lr

    def __repr__(self) -> str:
        return f"constant({self.lr:g})"


class step_decay(Schedule):
    r""":math:`\eta_t = \eta\,\gamma^{\lfloor t / s\rfloor}`: multiply by γ every s = ``step_size``
    steps (``torch.optim.lr_scheduler.StepLR``)."""

    def __init__(self, lr: float, *, step_size: int, gamma: float):
        self.lr = _positive("step_decay", "lr", lr)
        self.step_size = _positive_int("step_decay", "step_size", step_size)
        self.gamma = _positive("step_decay", "gamma", gamma)

    def lr_at(self, t: int) -> float:
        return self.lr * self.gamma ** (t // self.step_size)

    def __repr__(self) -> str:
        return f"step_decay({self.lr:g}, step_size={self.step_size}, gamma={self.gamma:g})"


class exponential(Schedule):
    r""":math:`\eta_t = \eta\,\gamma^{t}` (``torch.optim.lr_scheduler.ExponentialLR``)."""

    def __init__(self, lr: float, *, gamma: float):
        self.lr = _positive("exponential", "lr", lr)
        self.gamma = _positive("exponential", "gamma", gamma)

    def lr_at(self, t: int) -> float:
        return self.lr * self.gamma ** t

    def __repr__(self) -> str:
        return f"exponential({self.lr:g}, gamma={self.gamma:g})"


class cosine(Schedule):
    r"""Cosine annealing from η down to :math:`\eta_{\min}` over T = ``total`` steps
    (Loshchilov & Hutter, 2017, without restarts):

    .. math:: \eta_t = \eta_{\min} + \tfrac12(\eta - \eta_{\min})\big(1 + \cos(\pi\, t / T)\big)
              \quad (t \le T), \qquad \eta_t = \eta_{\min} \quad (t > T).

    For t ≤ T this is ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=T, eta_min=...)``.
    Note: after T PyTorch's rate rises again along the cosine; here it stays at the minimum.
    """

    def __init__(self, lr: float, *, total: int, min_lr: float = 0.0):
        self.lr = _positive("cosine", "lr", lr)
        self.total = _positive_int("cosine", "total", total)
        self.min_lr = _positive("cosine", "min_lr", min_lr, allow_zero=True)
        if self.min_lr > self.lr:
            raise ValueError(f"cosine: min_lr ({min_lr!r}) must not exceed lr ({lr!r})")

    def lr_at(self, t: int) -> float:
        t = min(t, self.total)
        return self.min_lr + 0.5 * (self.lr - self.min_lr) * (1 + math.cos(math.pi * t / self.total))

    def __repr__(self) -> str:
        return f"cosine({self.lr:g}, total={self.total}, min_lr={self.min_lr:g})"


class triangular(Schedule):
    r"""Cyclical learning rate, triangular policy (Smith, 2017): up linearly from
    :math:`\eta_{\text{base}}` to :math:`\eta_{\max}` in s = ``step_size`` steps, down in s more,
    and again:

    .. math:: c = \Big\lfloor 1 + \frac{t}{2s} \Big\rfloor, \quad
              x = \Big|\frac{t}{s} - 2c + 1\Big|, \quad
              \eta_t = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}})\max(0, 1 - x)

    (``torch.optim.lr_scheduler.CyclicLR(mode="triangular", step_size_up=s)``). The period is 2s.
    """

    def __init__(self, base_lr: float, max_lr: float, *, step_size: int):
        self.base_lr = _positive("triangular", "base_lr", base_lr)
        self.max_lr = _positive("triangular", "max_lr", max_lr)
        if self.max_lr < self.base_lr:
            raise ValueError(f"triangular: max_lr ({max_lr!r}) must be ≥ base_lr ({base_lr!r})")
        self.step_size = _positive_int("triangular", "step_size", step_size)

    def lr_at(self, t: int) -> float:
        s = self.step_size
        c = math.floor(1 + t / (2 * s))
        x = abs(t / s - 2 * c + 1)
        return self.base_lr + (self.max_lr - self.base_lr) * max(0.0, 1 - x)

    def __repr__(self) -> str:
        return f"triangular({self.base_lr:g}, {self.max_lr:g}, step_size={self.step_size})"


class warmup(Schedule):
    r"""Linear warmup over W = ``steps`` steps, then the wrapped schedule, started afresh:

    .. math:: \eta_t = \frac{t + 1}{W + 1}\,\mathrm{schedule}(0) \quad (t < W), \qquad
              \eta_t = \mathrm{schedule}(t - W) \quad (t \ge W).

    The ramp starts at schedule(0)/(W+1), not at 0 (a step with rate 0 would be wasted), and
    reaches schedule(0) at t = W in equal increments. This is PyTorch's
    ``SequentialLR([LinearLR(start_factor=1/(W+1), total_iters=W), ...], milestones=[W])``.
    """

    def __init__(self, schedule: Callable[[int], float], *, steps: int):
        if not callable(schedule):
            raise ValueError(f"warmup: schedule must be a function of the step t, "
                             f"got {schedule!r}; for a fixed rate use constant(lr)")
        self.schedule = schedule
        self.steps = _positive_int("warmup", "steps", steps)

    def lr_at(self, t: int) -> float:
        W = self.steps
        if t < W:
            return (t + 1) / (W + 1) * float(self.schedule(0))
        return float(self.schedule(t - W))

    def __repr__(self) -> str:
        return f"warmup({self.schedule!r}, steps={self.steps})"
