"""Schedules against torch.optim.lr_scheduler, and their properties as pure functions of t;
ReduceOnPlateau against torch on a sequence of losses; the Trainer per epoch and per step."""
import math
import warnings

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from nnbook.layers import Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.schedules import (ReduceOnPlateau, constant, cosine, cosine_restarts, cyclic,
                              exponential, one_cycle, step_decay, triangular, warmup)
from nnbook.training import Trainer

T = 60


def torch_lrs(make_scheduler, lr, steps=T):
    """The rate torch uses at steps 0, 1, ..., steps - 1."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = make_scheduler(opt)
    lrs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # "scheduler.step() before optimizer.step()"
        for _ in range(steps):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
    return np.array(lrs)


def ours(schedule, steps=T):
    return np.array([schedule(t) for t in range(steps)])


CASES = {
    "step_decay": (step_decay(0.1, step_size=7, gamma=0.5),
                   lambda o: lr_scheduler.StepLR(o, step_size=7, gamma=0.5), 0.1),
    "exponential": (exponential(0.2, gamma=0.95),
                    lambda o: lr_scheduler.ExponentialLR(o, gamma=0.95), 0.2),
    "cosine": (cosine(0.1, total=T - 1),
               lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=T - 1), 0.1),
    "cosine-min_lr": (cosine(0.1, total=25, min_lr=0.01),
                      lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=25, eta_min=0.01), 0.1),
    "triangular": (triangular(0.01, 0.1, step_size=6),
                   lambda o: lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=6, mode="triangular",
                                                   cycle_momentum=False), 0.05),
    "cyclic-triangular2": (cyclic(0.01, 0.1, step_size=5, mode="triangular2"),
                           lambda o: lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=5,
                                                           mode="triangular2",
                                                           cycle_momentum=False), 0.05),
    "cyclic-exp_range": (cyclic(0.001, 0.1, step_size=4, mode="exp_range", gamma=0.97),
                         lambda o: lr_scheduler.CyclicLR(o, 0.001, 0.1, step_size_up=4,
                                                         mode="exp_range", gamma=0.97,
                                                         cycle_momentum=False), 0.05),
    "one_cycle": (one_cycle(0.5, total=T),
                  lambda o: lr_scheduler.OneCycleLR(o, 0.5, total_steps=T,
                                                    cycle_momentum=False), 0.5),
    "one_cycle-pct": (one_cycle(0.2, total=T, pct_start=0.45, div_factor=10, final_div_factor=100),
                      lambda o: lr_scheduler.OneCycleLR(o, 0.2, total_steps=T, pct_start=0.45,
                                                        div_factor=10, final_div_factor=100,
                                                        cycle_momentum=False), 0.2),
    "cosine_restarts": (cosine_restarts(0.1, period=7),
                        lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=7), 0.1),
    "cosine_restarts-mult": (cosine_restarts(0.1, period=3, mult=2, min_lr=0.005),
                             lambda o: lr_scheduler.CosineAnnealingWarmRestarts(
                                 o, T_0=3, T_mult=2, eta_min=0.005), 0.1),
    "warmup-step_decay": (
        warmup(step_decay(0.1, step_size=10, gamma=0.5), steps=5),
        lambda o: lr_scheduler.SequentialLR(o, [
            lr_scheduler.LinearLR(o, start_factor=1 / 6, end_factor=1.0, total_iters=5),
            lr_scheduler.StepLR(o, step_size=10, gamma=0.5)], milestones=[5]), 0.1),
}


@pytest.mark.parametrize("name", list(CASES))
def test_matches_torch(name):
    schedule, make, lr = CASES[name]
    steps = 26 if name == "cosine-min_lr" else T      # torch's cosine rises again after T_max
    expected = torch_lrs(make, lr, steps)
    got = ours(schedule, steps)
    bad = np.flatnonzero(~np.isclose(got, expected, rtol=1e-12, atol=1e-15))
    assert bad.size == 0, (f"{schedule!r} at t={bad[0]}: {got[bad[0]]} but torch gives "
                           f"{expected[bad[0]]}")


def test_constant():
    assert ours(constant(0.3), 5).tolist() == [0.3] * 5


def test_cosine_endpoints_and_monotone():
    s = cosine(0.1, total=10, min_lr=0.001)
    lrs = ours(s, 15)
    assert lrs[0] == 0.1 and math.isclose(lrs[10], 0.001) and math.isclose(lrs[5], 0.0505)
    assert np.all(np.diff(lrs[:11]) < 0) and np.all(lrs[10:] == lrs[10])


def test_triangular_shape():
    s = triangular(0.1, 1.0, step_size=4)
    lrs = ours(s, 17)
    np.testing.assert_allclose(lrs[[0, 4, 8, 12, 16]], [0.1, 1.0, 0.1, 1.0, 0.1])
    np.testing.assert_allclose(lrs[:9], [0.1, 0.325, 0.55, 0.775, 1.0, 0.775, 0.55, 0.325, 0.1])
    np.testing.assert_allclose(lrs[8:16], lrs[:8])      # period 2 * step_size


def test_warmup_is_linear_then_the_schedule_shifted():
    inner = exponential(0.1, gamma=0.9)
    s = warmup(inner, steps=4)
    lrs = ours(s, 10)
    np.testing.assert_allclose(lrs[:5], 0.1 * np.arange(1, 6) / 5)
    np.testing.assert_allclose(lrs[4:], ours(inner, 6))
    assert np.all(np.diff(lrs[:5]) > 0)


def test_any_callable_can_be_warmed_up():
    s = warmup(lambda t: 1.0 / (1 + t), steps=1)
    assert [s(t) for t in range(3)] == [0.5, 1.0, 0.5]


@pytest.mark.parametrize("name", list(CASES))
def test_pure_function_of_t(name):
    schedule = CASES[name][0]
    forward = ours(schedule)
    backward = np.array([schedule(t) for t in reversed(range(T))])[::-1]
    np.testing.assert_array_equal(forward, backward)   # no hidden state: any order, any t
    assert schedule(np.int64(3)) == schedule(3)
    assert all(isinstance(schedule(t), float) for t in (0, 5))


@pytest.mark.parametrize("make,match", [
    (lambda: constant(0), r"constant: lr must be a finite number in \(0, inf\), got 0"),
    (lambda: step_decay(0.1, step_size=0, gamma=0.5), r"step_size must be a positive integer .*, got 0"),
    (lambda: exponential(0.1, gamma=-0.9), r"gamma .* got -0.9"),
    (lambda: cosine(0.1, total=10, min_lr=0.2), r"min_lr \(0.2\) must not exceed lr \(0.1\)"),
    (lambda: cosine(0.1, total=0), r"total"),
    (lambda: triangular(0.1, 0.01, step_size=5), r"max_lr \(0.01\) must be ≥ base_lr \(0.1\)"),
    (lambda: cyclic(0.01, 0.1, step_size=0), r"cyclic: step_size must be a positive integer .*, got 0"),
    (lambda: cyclic(0.01, 0.1, step_size=4, mode="triangle"), r"mode must be one of"),
    (lambda: cyclic(0.01, 0.1, step_size=4, mode="exp_range", gamma=1.5), r"gamma must be in \(0, 1\]"),
    (lambda: cyclic(-0.01, 0.1, step_size=4), r"base_lr must be .* got -0.01"),
    (lambda: one_cycle(0.1, total=1), r"total must be at least 2"),
    (lambda: one_cycle(0.1, total=100, pct_start=1.0), r"pct_start must be in \(0, 1\)"),
    (lambda: one_cycle(0.1, total=10, pct_start=0.05), r"no room for the warm-up"),
    (lambda: cosine_restarts(0.1, period=0), r"period must be a positive integer"),
    (lambda: ReduceOnPlateau(0.1, factor=1.0), r"factor must be in \(0, 1\)"),
    (lambda: ReduceOnPlateau(0.1, patience=-1), r"patience must be a non-negative integer"),
    (lambda: ReduceOnPlateau(0.1, cooldown=-2), r"cooldown must be a non-negative integer"),
    (lambda: ReduceOnPlateau(-0.1), r"lr must be"),
    (lambda: warmup(constant(0.1), steps=0), r"steps"),
])
def test_settings_are_validated(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("make,match", [
    (lambda: step_decay(0.1, step_size=2.5, gamma=0.5), r"step_decay: step_size must be a positive integer "
                                                        r".*got 2.5; pass a whole number"),
    (lambda: cosine_restarts(0.1, period=5, mult=1.5), r"cosine_restarts: mult must be a positive integer"),
    (lambda: triangular("0.1", 1.0, step_size=4), r"base_lr must be .* got '0.1' \(a str\)"),
    (lambda: cyclic(0.01, 0.1, step_size=None), r"cyclic: step_size must be a positive integer"),
    (lambda: warmup(0.1, steps=5), r"schedule must be a function, got 0.1; .* constant\(lr\)"),
    (lambda: ReduceOnPlateau(0.1, patience=2.5), r"patience must be a non-negative integer"),
    (lambda: ReduceOnPlateau(0.1, cooldown=1.5), r"cooldown must be a non-negative integer .* got 1.5"),
    (lambda: ReduceOnPlateau(0.1, cooldown="1"), r"cooldown must be"),
])
def test_settings_of_the_wrong_kind_are_type_errors(make, match):
    with pytest.raises(TypeError, match=match):
        make()


@pytest.mark.parametrize("t, error", [(-1, ValueError), (1.5, TypeError), ("3", TypeError),
                                      (True, TypeError), (None, TypeError), (np.int64(-3), ValueError)])
def test_bad_steps(t, error):
    with pytest.raises(error, match="the step t must be a non-negative integer"):
        constant(0.1)(t)


def test_reprs():
    assert repr(warmup(cosine(0.1, total=20), steps=3)) == \
        "warmup(cosine(0.1, total=20, min_lr=0), steps=3)"
    assert repr(step_decay(0.1, step_size=5, gamma=0.1)) == "step_decay(0.1, step_size=5, gamma=0.1)"
    assert repr(triangular(0.001, 0.1, step_size=4)) == "triangular(0.001, 0.1, step_size=4)"


def test_cyclic_triangular2_halves_the_amplitude_every_cycle():
    s = cyclic(0.0 + 1e-9, 1.0, step_size=3, mode="triangular2")
    peaks = [s(3 + 6 * k) for k in range(4)]
    np.testing.assert_allclose(peaks, [1.0, 0.5, 0.25, 0.125], rtol=1e-6)
    assert triangular(0.01, 0.1, step_size=3)(3) == cyclic(0.01, 0.1, step_size=3)(3) == 0.1


def test_one_cycle_peaks_at_pct_start_and_ends_low():
    s = one_cycle(1.0, total=100, pct_start=0.3)
    lrs = ours(s, 120)
    assert lrs.argmax() == 29 and math.isclose(lrs[29], 1.0)
    assert math.isclose(lrs[0], 1 / 25) and math.isclose(lrs[99], 1 / 25 / 1e4)
    assert np.all(lrs[100:] == lrs[99])


def test_cosine_restarts_jumps_back_at_each_period():
    s = cosine_restarts(0.1, period=2, mult=2)
    starts = [0, 2, 6, 14]                     # periods of 2, 4, 8 steps
    assert all(s(t) == 0.1 for t in starts)
    assert all(s(t - 1) < 0.1 for t in starts[1:])


def torch_plateau_lrs(losses, **kwargs):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    out = []
    for loss in losses:
        opt.step()
        sched.step(loss)
        out.append(opt.param_groups[0]["lr"])
    return out


@pytest.mark.parametrize("kwargs", [dict(), dict(factor=0.5, patience=2),
                                    dict(factor=0.5, patience=1, cooldown=2, min_lr=0.01),
                                    dict(patience=0, threshold=0.1)])
def test_reduce_on_plateau_matches_torch(kwargs):
    rng = np.random.default_rng(0)
    # falls, then plateaus with noise, then falls again
    losses = np.concatenate([np.linspace(2, 1, 10), 1 + 0.01 * rng.random(25),
                             np.linspace(0.99, 0.5, 10), 0.5 + 0.001 * rng.random(15)])
    s = ReduceOnPlateau(0.1, **kwargs)
    got = [s.observe(float(x)) for x in losses]
    expected = torch_plateau_lrs(losses.tolist(), **kwargs)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert min(got) < 0.1                        # it did reduce
    assert s(123) == got[-1]
    s.reset()
    assert s(0) == 0.1


def problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((90, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 1)
    model = Sequential(Linear(4, 8, rng=1), ReLU(), Linear(8, 3, rng=2))
    return model, X, y


def test_trainer_per_step_schedule_counts_iterations():
    model, X, y = problem()
    seen = []

    def schedule(t):
        seen.append(t)
        return 0.01 * (1 + t % 4)

    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1),
                      schedule=schedule, schedule_per="step", rng=0)
    trainer.fit(X, y, epochs=2, batch_size=30, progress=False)
    assert seen == list(range(6)) and trainer.steps == 6
    assert trainer.optimizer.lr == 0.01 * (1 + 5 % 4)


def test_trainer_per_epoch_is_the_default_and_plateau_is_observed():
    model, X, y = problem()
    seen = []
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1),
                      schedule=lambda t: seen.append(t) or 0.1, rng=0)
    trainer.fit(X, y, epochs=3, batch_size=30, progress=False)
    assert seen == [0, 1, 2]
    model, X, y = problem()
    plateau = ReduceOnPlateau(0.5, factor=0.5, patience=0, threshold=10.0)   # never "improves"
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.5),
                      schedule=plateau, rng=0)
    h = trainer.fit(X, y, epochs=4, batch_size=30, progress=False)
    assert h.lr == [0.5, 0.25, 0.125, 0.0625]


def test_trainer_clips_gradients():
    model, X, y = problem()
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1),
                      clip_value=1e-3, rng=0)
    before = {k: p.value.copy() for k, p in model.parameters().items()}
    trainer.train_batch(X, y)
    for k, p in model.parameters().items():      # no entry moved more than lr * clip_value
        assert np.max(np.abs(p.value - before[k])) <= 0.1 * 1e-3 + 1e-15, k
    model, X, y = problem()
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=1.0),
                      clip_norm=0.01, rng=0)
    before = {k: p.value.copy() for k, p in model.parameters().items()}
    trainer.train_batch(X, y)
    moved = np.sqrt(sum(np.sum((p.value - before[k]) ** 2) for k, p in model.parameters().items()))
    assert 0.0099 < moved <= 0.01 + 1e-12


@pytest.mark.parametrize("kwargs,match", [
    (dict(schedule_per="batch"), "schedule_per must be one of 'epoch', 'step'"),
    (dict(clip_norm=0), "clip_norm must be a finite number in \\(0, inf\\)"),
    (dict(clip_value=-1.0), "clip_value must be a finite number in \\(0, inf\\)"),
    (dict(clip_norm=float("inf")), "clip_norm"),
])
def test_trainer_validates_schedule_and_clipping(kwargs, match):
    model, _, _ = problem()
    with pytest.raises(ValueError, match=match):
        Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), **kwargs)
