"""2-D test functions: gradients against torch autograd, trajectories against a recomputed
recurrence and torch.optim, divergence detection, and the playground drawn without a browser."""
import matplotlib
import numpy as np
import pytest
import torch

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnbook.optim import SGD, Adam, RMSProp  # noqa: E402
from nnbook.surfaces import (OPTIMIZERS, SURFACES, draw_playground, make_optimizer,  # noqa: E402
                             playground, plot_trajectories, quadratic, rosenbrock, trajectory)


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradient_matches_autograd(name):
    s = SURFACES[name]
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(-2, 2, size=(20, 2)):
        xt = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
        s.f(xt[0], xt[1]).backward()
        np.testing.assert_allclose(s.grad(x, y), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    for m in s.minima:
        np.testing.assert_allclose(s.grad(*m), (0, 0), atol=1e-12)
        assert s.f(*m) <= s.f(*s.start)


def test_sgd_trajectory_is_gradient_descent():
    s = SURFACES["rosenbrock"]
    path = trajectory(s, lambda p: SGD(p, lr=1e-3), steps=60)
    w = np.array(s.start)
    assert path.shape == (61, 2)
    for k in range(60):
        np.testing.assert_array_equal(path[k], w)
        w = w - 1e-3 * np.array(s.grad(*w))


@pytest.mark.parametrize("name,make,tmake", [
    ("quadratic", lambda p: SGD(p, lr=0.05, momentum=0.9, nesterov=True),
     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True)),
    ("rosenbrock", lambda p: Adam(p, lr=0.05), lambda ps: torch.optim.Adam(ps, lr=0.05)),
    ("saddle", lambda p: RMSProp(p, lr=0.01), lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
])
def test_trajectory_matches_torch_optim(name, make, tmake):
    s = SURFACES[name]
    path = trajectory(s, make, steps=80)
    xt = torch.tensor(s.start, dtype=torch.float64, requires_grad=True)
    opt = tmake([xt])
    expected = [xt.detach().numpy().copy()]
    for _ in range(80):
        opt.zero_grad()
        s.f(xt[0], xt[1]).backward()
        opt.step()
        expected.append(xt.detach().numpy().copy())
    np.testing.assert_allclose(path, np.array(expected), rtol=0, atol=1e-10)


def test_divergence_stops_early_and_the_threshold_is_two_over_kappa():
    bowl = quadratic(kappa=20)
    ok = trajectory(bowl, lambda p: SGD(p, lr=0.095), steps=300)       # 2/kappa = 0.1
    bad = trajectory(bowl, lambda p: SGD(p, lr=0.101), steps=3000)
    assert len(ok) == 301 and np.linalg.norm(ok[-1]) < 1e-6
    assert len(bad) < 3001 and np.linalg.norm(bad[-1]) > 1


@pytest.mark.parametrize("call,error,match", [
    (lambda: trajectory("rosenbrock", lambda p: SGD(p, lr=0.1)), TypeError, "surface must be a Surface"),
    (lambda: trajectory(SURFACES["saddle"], lambda p: SGD(p, lr=0.1), steps=-1), ValueError, "steps"),
    (lambda: trajectory(SURFACES["saddle"], lambda p: SGD(p, lr=0.1), start=(1, 2, 3)), ValueError,
     r"trajectory: start must be an array of shape \(2,\)"),
    (lambda: trajectory(SURFACES["saddle"], lambda p: 0.1), TypeError, "nnbook optimizer"),
    (lambda: quadratic(0.5), ValueError, "kappa"),
    (lambda: rosenbrock(b=-1), ValueError, "b must be"),
    (lambda: make_optimizer("Lion", {}, lr=0.1), ValueError, "name must be one of"),
    (lambda: make_optimizer("adam", {}, lr=0.1), ValueError, "did you mean 'Adam'"),
    (lambda: trajectory(SURFACES["saddle"], lambda p: SGD(p, lr=0.1), steps=2.5), TypeError,
     r"trajectory: steps must be an integer in \[0, 1000000\]"),
    (lambda: quadratic("20"), TypeError, r"quadratic: kappa \(the condition number\) must be a finite number"),
    (lambda: plot_trajectories(SURFACES["saddle"], {"a": np.zeros(3)}), ValueError, r"shape \(K, 2\)"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_draw_playground_for_every_optimizer(optimizer):
    fig, ax = plt.subplots()
    path = draw_playground(ax, surface="quadratic", optimizer=optimizer, lr=0.01, steps=20)
    assert path.shape == (21, 2) and path[-1][0] > path[0][0]          # moved towards 0
    assert optimizer in ax.get_title() and "after 20 steps" in ax.get_title()
    assert ax.get_legend() is None                        # the result is in the title instead
    plt.close(fig)


def test_playground_renders_without_a_browser():
    pg = playground(mode="static")
    fig = pg.render(optimizer="Adam", lr=0.05, surface="saddle")
    assert "Adam: f = " in fig.axes[0].get_title()
    static = pg.render_static()
    assert len([a for a in static.axes if a.get_title()]) >= 6
    assert static.get_size_inches()[0] <= 8.0 + 1e-9
    plt.close("all")
