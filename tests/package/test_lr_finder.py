"""The learning-rate range test: its rates, its restoring of the model, its suggestion."""
import numpy as np
import pytest

from nnbook.layers import Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.lr_finder import lr_range_test
from nnbook.optim import SGD, Adam


def problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((400, 5))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int) + (X[:, 2] > 0.8)
    model = Sequential(Linear(5, 16, rng=1), ReLU(), Linear(16, 3, rng=2))
    return model, X, y


def test_rates_grow_geometrically_and_the_model_is_restored():
    model, X, y = problem()
    opt = Adam(model.parameters(), lr=1e-3)
    before = {k: p.value.copy() for k, p in model.parameters().items()}
    state = opt.state_dict()
    r = lr_range_test(model, SoftmaxCrossEntropy(), opt, X, y, min_lr=1e-4, max_lr=1e-1,
                      batch_size=20, diverge=1e9, rng=0)
    assert len(r.lrs) == 20 and not r.stopped_early
    np.testing.assert_allclose(r.lrs, np.geomspace(1e-4, 1e-1, 20), rtol=1e-12)
    for k, p in model.parameters().items():
        np.testing.assert_array_equal(p.value, before[k], err_msg=k)
    after = opt.state_dict()
    assert all(np.array_equal(after[k], state[k]) for k in state)


def test_finds_a_sensible_range_and_stops_when_the_loss_explodes():
    model, X, y = problem()
    r = lr_range_test(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), X, y,
                      min_lr=1e-4, max_lr=1e3, batch_size=10, steps=200, rng=0)
    assert r.stopped_early and r.lrs[-1] < 1e3
    low, high = r.suggested_range
    assert 1e-3 < low < high < r.best < r.lrs[-1]
    assert r.smoothed[np.argmin(r.smoothed)] < 0.8 * r.smoothed[0]     # the loss did fall
    assert r.lrs[0] < r.steepest <= r.best
    import matplotlib
    matplotlib.use("Agg")
    ax = r.plot()
    assert ax.get_xscale() == "log" and ax.get_xlabel().startswith("learning rate")
    assert "suggested" in repr(r)


@pytest.mark.parametrize("kwargs,match", [
    (dict(min_lr=0), "min_lr"), (dict(min_lr=1.0, max_lr=0.1), "must be below max_lr"),
    (dict(batch_size=0), "batch_size"), (dict(steps=2), "steps must be an integer ≥ 3"),
    (dict(smooth=1.0), "smooth"), (dict(diverge=-1), "diverge"),
])
def test_bad_settings(kwargs, match):
    model, X, y = problem()
    with pytest.raises(ValueError, match=match):
        lr_range_test(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), X, y, **kwargs)


def test_optimizer_of_another_model_is_refused():
    model, X, y = problem()
    other, _, _ = problem()
    with pytest.raises(ValueError, match="does not hold this model's parameters"):
        lr_range_test(model, SoftmaxCrossEntropy(), SGD(other.parameters(), lr=0.1), X, y)
