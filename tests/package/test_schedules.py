"""Schedules against torch.optim.lr_scheduler, and their properties as pure functions of t."""
import math
import warnings

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from nnbook.schedules import constant, cosine, exponential, step_decay, triangular, warmup

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
    (lambda: constant(0), r"constant: lr must be .* > 0, got 0"),
    (lambda: step_decay(0.1, step_size=0, gamma=0.5), r"step_size must be a positive integer, got 0"),
    (lambda: step_decay(0.1, step_size=2.5, gamma=0.5), r"step_size .* got 2.5"),
    (lambda: exponential(0.1, gamma=-0.9), r"gamma .* got -0.9"),
    (lambda: cosine(0.1, total=10, min_lr=0.2), r"min_lr \(0.2\) must not exceed lr \(0.1\)"),
    (lambda: cosine(0.1, total=0), r"total"),
    (lambda: triangular(0.1, 0.01, step_size=5), r"max_lr \(0.01\) must be ≥ base_lr \(0.1\)"),
    (lambda: warmup(0.1, steps=5), r"schedule must be a function .* constant\(lr\)"),
    (lambda: warmup(constant(0.1), steps=0), r"steps"),
])
def test_settings_are_validated(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("t", [-1, 1.5, "3", True])
def test_bad_steps(t):
    with pytest.raises(ValueError, match="the step t must be an integer ≥ 0"):
        constant(0.1)(t)


def test_reprs():
    assert repr(warmup(cosine(0.1, total=20), steps=3)) == \
        "warmup(cosine(0.1, total=20, min_lr=0), steps=3)"
    assert repr(step_decay(0.1, step_size=5, gamma=0.1)) == "step_decay(0.1, step_size=5, gamma=0.1)"
    assert repr(triangular(0.001, 0.1, step_size=4)) == "triangular(0.001, 0.1, step_size=4)"
