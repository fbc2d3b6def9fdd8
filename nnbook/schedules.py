r"""Learning-rate schedules: pure functions of the step (or epoch) t = 0, 1, 2, ...

Chapter: Optimization, section "Learning-rate schedules".

Each schedule is a small callable object: ``schedule(t)`` returns the learning rate for step t
and depends on nothing else, so it can be plotted, tested and resumed from any t. Use one by
setting the optimizer's rate before each step (or epoch)::

    sched = cosine(0.1, total=50)
    for t in range(50):
        opt.lr = sched(t)
        ...

(:class:`nnbook.training.Trainer` does this at the start of every epoch, or before every
optimizer step with ``schedule_per="step"``: the cyclical schedules count iterations.)
The formulas match ``torch.optim.lr_scheduler`` where it has an equivalent, which the tests
check. The one exception to "a function of t" is :class:`ReduceOnPlateau`, which watches the
loss.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from nnbook import _validate


def _positive(owner: str, name: str, value, *, allow_zero: bool = False) -> float:
    """A finite number > 0 (≥ 0 with ``allow_zero``), through :func:`nnbook._validate.number`."""
    return _validate.number(value, name, owner, low=0, low_open=not allow_zero)


def _positive_int(owner: str, name: str, value) -> int:
    """An integer ≥ 1 (a number of steps), through :func:`nnbook._validate.positive_int`."""
    return _validate.positive_int(value, name, owner)


def _step(owner: str, t) -> int:
    """The step t: an integer ≥ 0 (numpy integers too; not 1.5, not True)."""
    return _validate.nonnegative_int(t, "the step t", owner)


def _growth(owner: str, lr: float, gamma: float, n: int) -> float:
    r""":math:`\eta\,\gamma^n`, or a ValueError where a growth factor γ > 1 overflows a float
    (Python's ``**`` would raise a bare OverflowError, or give infinity)."""
    try:
        value = lr * gamma ** n
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ValueError(f"{owner}: the rate lr·gamma^{n} overflows a float at this step (gamma = "
                         f"{gamma:g} > 1 grows without bound); use gamma ≤ 1 or stop the schedule "
                         "earlier")
    return value


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
        return _growth(repr(self), self.lr, self.gamma, t // self.step_size)

    def __repr__(self) -> str:
        return f"step_decay({self.lr:g}, step_size={self.step_size}, gamma={self.gamma:g})"


class exponential(Schedule):
    r""":math:`\eta_t = \eta\,\gamma^{t}` (``torch.optim.lr_scheduler.ExponentialLR``)."""

    def __init__(self, lr: float, *, gamma: float):
        self.lr = _positive("exponential", "lr", lr)
        self.gamma = _positive("exponential", "gamma", gamma)

    def lr_at(self, t: int) -> float:
        return _growth(repr(self), self.lr, self.gamma, t)

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


class cyclic(Schedule):
    r"""Cyclical learning rate (Smith, 2017): up linearly from :math:`\eta_{\text{base}}` to
    :math:`\eta_{\max}` in s = ``step_size`` steps (iterations, not epochs), down in s more, and
    again, the amplitude scaled by a factor :math:`a`:

    .. math:: c = \Big\lfloor 1 + \frac{t}{2s} \Big\rfloor, \quad
              x = \Big|\frac{t}{s} - 2c + 1\Big|, \quad
              \eta_t = \eta_{\text{base}} + (\eta_{\max} - \eta_{\text{base}})\max(0, 1 - x)\, a

    with :math:`a = 1` for ``mode="triangular"``, :math:`a = 2^{-(c-1)}` for
    ``"triangular2"`` (the amplitude halves every cycle) and :math:`a = \gamma^{t}` for
    ``"exp_range"``. The period is 2s steps; Smith suggests s = 2 to 10 epochs' worth of
    iterations. This is ``torch.optim.lr_scheduler.CyclicLR(base_lr, max_lr, step_size_up=s,
    mode=..., gamma=...)`` called once per optimizer step.
    """

    MODES = ("triangular", "triangular2", "exp_range")

    def __init__(self, base_lr: float, max_lr: float, *, step_size: int,
                 mode: str = "triangular", gamma: float = 1.0):
        name = type(self).__name__
        self.base_lr = _positive(name, "base_lr", base_lr)
        self.max_lr = _positive(name, "max_lr", max_lr)
        if self.max_lr < self.base_lr:
            raise ValueError(f"{name}: max_lr ({max_lr!r}) must be ≥ base_lr ({base_lr!r})")
        self.step_size = _positive_int(name, "step_size", step_size)
        if mode not in self.MODES:
            raise ValueError(f"{name}: mode must be one of {self.MODES}, got {mode!r}")
        self.mode = mode
        self.gamma = _positive(name, "gamma", gamma)
        if self.gamma > 1:
            raise ValueError(f"{name}: gamma must be in (0, 1], got {gamma!r}")

    def lr_at(self, t: int) -> float:
        s = self.step_size
        c = math.floor(1 + t / (2 * s))
        x = abs(t / s - 2 * c + 1)
        a = {"triangular": 1.0, "triangular2": 0.5 ** (c - 1),
             "exp_range": self.gamma ** t}[self.mode]
        return self.base_lr + (self.max_lr - self.base_lr) * max(0.0, 1 - x) * a

    def __repr__(self) -> str:
        extra = "" if self.mode == "triangular" else f", mode={self.mode!r}"
        extra += f", gamma={self.gamma:g}" if self.mode == "exp_range" else ""
        return f"cyclic({self.base_lr:g}, {self.max_lr:g}, step_size={self.step_size}{extra})"


class triangular(cyclic):
    r"""The triangular cyclical schedule, :class:`cyclic` with ``mode="triangular"``
    (``torch.optim.lr_scheduler.CyclicLR(mode="triangular", step_size_up=s)``)."""

    def __init__(self, base_lr: float, max_lr: float, *, step_size: int):
        super().__init__(base_lr, max_lr, step_size=step_size)

    def __repr__(self) -> str:
        return f"triangular({self.base_lr:g}, {self.max_lr:g}, step_size={self.step_size})"


class one_cycle(Schedule):
    r"""The 1cycle policy (Smith & Topin, 2019): one warm-up from :math:`\eta_{\max}/d` to
    :math:`\eta_{\max}` over the first fraction p = ``pct_start`` of the T = ``total`` steps,
    then one long annealing down to :math:`\eta_{\max}/(d\,d_f)`, both along a half cosine:

    .. math:: \operatorname{cos\_anneal}(a, b, u) = b + \tfrac12 (a - b)(1 + \cos \pi u),
              \qquad T_1 = pT - 1,

        \eta_t = \begin{cases}
            \operatorname{cos\_anneal}(\eta_{\max}/d,\ \eta_{\max},\ t / T_1) & t \le T_1 \\
            \operatorname{cos\_anneal}(\eta_{\max},\ \eta_{\max}/(d d_f),\ (t - T_1)/(T - 1 - T_1))
            & t > T_1 \end{cases}

    (d = ``div_factor``, :math:`d_f` = ``final_div_factor``; after T steps the rate stays at
    its final value). This is ``torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps=T,
    anneal_strategy="cos")`` for the rate; torch also cycles the momentum, which is not done
    here.
    """

    def __init__(self, max_lr: float, *, total: int, pct_start: float = 0.3,
                 div_factor: float = 25.0, final_div_factor: float = 1e4):
        self.max_lr = _positive("one_cycle", "max_lr", max_lr)
        self.total = _positive_int("one_cycle", "total", total)
        if self.total < 2:
            raise ValueError(f"one_cycle: total must be at least 2 steps, got {total!r}")
        self.pct_start = _positive("one_cycle", "pct_start", pct_start)
        if self.pct_start >= 1:
            raise ValueError(f"one_cycle: pct_start must be in (0, 1), got {pct_start!r}")
        self.div_factor = _positive("one_cycle", "div_factor", div_factor)
        self.final_div_factor = _positive("one_cycle", "final_div_factor", final_div_factor)
        self.end_up = self.pct_start * self.total - 1
        if self.end_up <= 0 or self.end_up >= self.total - 1:
            raise ValueError(f"one_cycle: pct_start={pct_start!r} of total={total!r} steps leaves "
                             "no room for the warm-up or for the annealing")

    @staticmethod
    def _anneal(start: float, end: float, u: float) -> float:
        return end + (start - end) / 2 * (math.cos(math.pi * u) + 1)

    def lr_at(self, t: int) -> float:
        initial = self.max_lr / self.div_factor
        final = initial / self.final_div_factor
        t = min(t, self.total - 1)
        if t <= self.end_up:
            return self._anneal(initial, self.max_lr, t / self.end_up)
        return self._anneal(self.max_lr, final, (t - self.end_up) / (self.total - 1 - self.end_up))

    def __repr__(self) -> str:
        return f"one_cycle({self.max_lr:g}, total={self.total}, pct_start={self.pct_start:g})"


class cosine_restarts(Schedule):
    r"""Cosine annealing with warm restarts, SGDR (Loshchilov & Hutter, 2017): cosine from η
    down towards :math:`\eta_{\min}` over :math:`T_0` = ``period`` steps, then back to η at
    once, each period ``mult`` times longer than the one before:

    .. math:: \eta_t = \eta_{\min} + \tfrac12(\eta - \eta_{\min})
              \big(1 + \cos(\pi\, t_{\text{cur}} / T_i)\big)

    where :math:`T_i = T_0\,m^i` is the length of the current period and :math:`t_{\text{cur}}`
    the steps since its start (``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(T_0,
    T_mult, eta_min)``).
    """

    def __init__(self, lr: float, *, period: int, mult: int = 1, min_lr: float = 0.0):
        self.lr = _positive("cosine_restarts", "lr", lr)
        self.period = _positive_int("cosine_restarts", "period", period)
        self.mult = _positive_int("cosine_restarts", "mult", mult)
        self.min_lr = _positive("cosine_restarts", "min_lr", min_lr, allow_zero=True)
        if self.min_lr > self.lr:
            raise ValueError(f"cosine_restarts: min_lr ({min_lr!r}) must not exceed lr ({lr!r})")

    def lr_at(self, t: int) -> float:
        T_i = self.period
        if self.mult == 1:
            t %= T_i
        else:
            while t >= T_i:                         # at most log_mult(t) rounds
                t -= T_i
                T_i *= self.mult
        return self.min_lr + 0.5 * (self.lr - self.min_lr) * (1 + math.cos(math.pi * t / T_i))

    def __repr__(self) -> str:
        return (f"cosine_restarts({self.lr:g}, period={self.period}, mult={self.mult}, "
                f"min_lr={self.min_lr:g})")


class warmup(Schedule):
    r"""Linear warmup over W = ``steps`` steps, then the wrapped schedule, started afresh:

    .. math:: \eta_t = \frac{t + 1}{W + 1}\,\mathrm{schedule}(0) \quad (t < W), \qquad
              \eta_t = \mathrm{schedule}(t - W) \quad (t \ge W).

    The ramp starts at schedule(0)/(W+1), not at 0 (a step with rate 0 would be wasted), and
    reaches schedule(0) at t = W in equal increments. This is PyTorch's
    ``SequentialLR([LinearLR(start_factor=1/(W+1), total_iters=W), ...], milestones=[W])``.
    """

    def __init__(self, schedule: Callable[[int], float], *, steps: int):
        _validate.function(schedule, "schedule", "warmup",
                           "pass a function of the step t; for a fixed rate use constant(lr)")
        self.schedule = schedule
        self.steps = _positive_int("warmup", "steps", steps)

    def lr_at(self, t: int) -> float:
        W = self.steps
        if t < W:
            return (t + 1) / (W + 1) * self._wrapped(0)
        return self._wrapped(t - W)

    def _wrapped(self, t: int) -> float:
        """The wrapped schedule's rate at t, checked: a finite number ≥ 0."""
        lr = self.schedule(t)
        if not _validate._is_real(lr) or not math.isfinite(lr) or lr < 0:
            raise ValueError(f"warmup: the wrapped schedule {self.schedule!r} returned {lr!r} at "
                             f"t={t}; a learning rate must be a finite number ≥ 0")
        return float(lr)

    def __repr__(self) -> str:
        return f"warmup({self.schedule!r}, steps={self.steps})"


class ReduceOnPlateau:
    r"""Divide the rate by 1/``factor`` when a monitored loss stops improving: the one
    schedule here that is *not* a function of the step, because it depends on the losses seen.

    Call :meth:`observe` with the loss after every epoch; it returns the rate to use next.
    A loss counts as an improvement when it is below :math:`(1 - \text{threshold})` times the
    best so far; after more than ``patience`` epochs without one the rate is multiplied by
    ``factor`` (not below ``min_lr``), then ``cooldown`` epochs pass before counting again.
    As ``torch.optim.lr_scheduler.ReduceLROnPlateau(mode="min", threshold_mode="rel")``.
    The :class:`~nnbook.training.Trainer` calls ``observe`` with the validation loss (the
    training loss without validation data) when it is given one as ``schedule``; ``schedule(t)``
    returns the current rate whatever t.
    """

    def __init__(self, lr: float, *, factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, cooldown: int = 0, min_lr: float = 0.0):
        self.initial_lr = _positive("ReduceOnPlateau", "lr", lr)
        self.factor = _positive("ReduceOnPlateau", "factor", factor)
        if self.factor >= 1:
            raise ValueError(f"ReduceOnPlateau: factor must be in (0, 1), got {factor!r}")
        self.patience = _validate.nonnegative_int(patience, "patience", "ReduceOnPlateau")
        self.threshold = _positive("ReduceOnPlateau", "threshold", threshold, allow_zero=True)
        self.cooldown = _validate.nonnegative_int(cooldown, "cooldown", "ReduceOnPlateau")
        self.min_lr = _positive("ReduceOnPlateau", "min_lr", min_lr, allow_zero=True)
        self.reset()

    def reset(self) -> None:
        """Forget every loss seen: back to the initial rate."""
        self.lr = self.initial_lr
        self.best = math.inf
        self.bad_epochs = 0
        self.cooldown_left = 0

    def observe(self, loss: float) -> float:
        """Take the loss of the epoch just finished; return the rate for the next one."""
        if not _validate._is_real(loss):
            raise TypeError(f"ReduceOnPlateau.observe: loss must be the epoch's loss, a number, "
                            f"got {loss!r} (a {type(loss).__name__})")
        loss = float(loss)
        if loss < self.best * (1 - self.threshold):
            self.best, self.bad_epochs = loss, 0
        else:
            self.bad_epochs += 1                    # NaN counts as no improvement
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.bad_epochs = 0
        if self.bad_epochs > self.patience:
            new = max(self.lr * self.factor, self.min_lr)
            if self.lr - new > 1e-8:
                self.lr = new
            self.cooldown_left, self.bad_epochs = self.cooldown, 0
        return self.lr

    def __call__(self, t: int) -> float:
        _step(repr(self), t)
        return self.lr

    def __repr__(self) -> str:
        return (f"ReduceOnPlateau({self.initial_lr:g}, factor={self.factor:g}, "
                f"patience={self.patience}, lr now {self.lr:g})")
