"""Normalization layers against torch.autograd (outputs, gradients, running statistics, eval
mode), against centered differences, and their errors; initialisation gains against torch;
the gradient-flow diagnostic."""
import numpy as np
import pytest
import torch

from nnbook import init
from nnbook.gradcheck import check_layer, compare_with_torch
from nnbook.gradflow import GradientMonitor, layer_statistics
from nnbook.layers import Linear, ReLU, Sequential, Tanh
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.norm import BatchNorm1d, BatchNorm2d, LayerNorm
from nnbook.optim import SGD
from nnbook.torch_bridge import to_torch
from nnbook.training import Trainer

CASES = {
    "BatchNorm1d": (lambda dt: BatchNorm1d(5, dtype=dt), (8, 5)),
    "BatchNorm1d-N2": (lambda dt: BatchNorm1d(3, dtype=dt), (2, 3)),
    "BatchNorm1d-noaffine": (lambda dt: BatchNorm1d(4, affine=False, momentum=0.3, dtype=dt), (6, 4)),
    "BatchNorm2d": (lambda dt: BatchNorm2d(3, dtype=dt), (4, 3, 5, 6)),
    "BatchNorm2d-N1": (lambda dt: BatchNorm2d(2, eps=1e-3, dtype=dt), (1, 2, 3, 3)),
    "LayerNorm": (lambda dt: LayerNorm(6, dtype=dt), (4, 6)),
    "LayerNorm-N1": (lambda dt: LayerNorm(6, dtype=dt), (1, 6)),
    "LayerNorm-CHW": (lambda dt: LayerNorm((3, 4, 5), dtype=dt), (2, 3, 4, 5)),
    "LayerNorm-seq": (lambda dt: LayerNorm(4, elementwise_affine=False, dtype=dt), (2, 7, 4)),
}


def make(name, dtype=np.float64, seed=0):
    build, shape = CASES[name]
    layer = build(dtype)
    r = np.random.default_rng(seed)
    for p in layer.parameters().values():                    # γ, β away from 1 and 0
        p.value[...] = r.standard_normal(p.shape)
    x = (3 * r.standard_normal(shape) + 2).astype(dtype)
    return layer, x


def torch_twin_run(layer, x, dout):
    module = to_torch(layer)
    module.train(layer.training)
    xt = torch.tensor(x, requires_grad=True)
    out = module(xt)
    out.backward(torch.as_tensor(dout))
    return module, out.detach().numpy(), xt.grad.numpy()


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_outputs_and_gradients_match_torch_autograd(name, mode):
    layer, x = make(name)
    if mode == "eval":
        layer.forward(x)                                     # running statistics away from 0, 1
        layer.eval()
    errors = compare_with_torch(layer, x, rng=3)
    assert max(errors.values()) <= 1e-7, errors


@pytest.mark.parametrize("name", ["BatchNorm1d", "BatchNorm2d", "BatchNorm1d-noaffine"])
def test_running_statistics_match_torch_over_several_steps(name):
    layer, x = make(name)
    module = to_torch(layer)
    r = np.random.default_rng(1)
    for step in range(4):
        xb = (x + r.standard_normal(x.shape)).astype(x.dtype)
        layer.forward(xb)
        module(torch.tensor(xb))
    # torch updates the running variance with the unbiased batch variance: so does nnbook
    np.testing.assert_allclose(layer.running_mean, module.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.running_var, module.running_var.numpy(), rtol=1e-12)
    layer.eval(), module.eval()
    np.testing.assert_allclose(layer.forward(x), module(torch.tensor(x)).detach().numpy(),
                               rtol=1e-10, atol=1e-12)


def test_running_variance_is_unbiased_and_momentum_weighs_the_new_batch():
    x = np.array([[0.0], [2.0]])                             # batch variance 1, unbiased 2
    bn = BatchNorm1d(1, momentum=0.25)
    bn.forward(x)
    assert bn.running_mean[0] == pytest.approx(0.25 * 1.0)
    assert bn.running_var[0] == pytest.approx(0.75 * 1 + 0.25 * 2.0)


@pytest.mark.parametrize("name", list(CASES))
def test_gradients_match_numerical_differentiation(name):
    layer, x = make(name, seed=5)
    dout = np.random.default_rng(2).standard_normal(layer.forward(x).shape)
    layer.zero_grad()
    errors = check_layer(layer, x, dout=dout)
    # dx of a normalization sums to 0 over the statistics axes, so some entries are tiny and
    # their relative error large: compare against the gradient's scale instead
    layer.zero_grad()
    layer.needs_input_grad = True
    layer.forward(x)
    dx = layer.backward(dout)
    from nnbook.gradcheck import numerical_gradient
    num = numerical_gradient(lambda: float(np.sum(layer.forward(x) * dout)), x)
    assert np.max(np.abs(dx - num)) <= 1e-7 * np.max(np.abs(num)) + 1e-10
    assert max([v for k, v in errors.items() if k != "x"], default=0) <= 1e-6, errors


@pytest.mark.parametrize("name", list(CASES))
def test_float32_in_float32_out_and_close_to_torch(name):
    layer, x = make(name, dtype=np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == np.float32
    for p in layer.parameters().values():
        assert p.value.dtype == p.grad.dtype == np.float32
    if hasattr(layer, "running_var"):
        assert layer.running_var.dtype == np.float32
    layer, x = make(name, dtype=np.float32)
    dout = np.random.default_rng(0).standard_normal(layer.forward(x).shape).astype(np.float32)
    layer, x = make(name, dtype=np.float32)
    out = layer.forward(x)
    layer.backward(dout)
    _, out_t, dx_t = torch_twin_run(make(name, dtype=np.float32)[0], x, dout)
    np.testing.assert_allclose(out, out_t, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", ["BatchNorm1d", "BatchNorm2d", "LayerNorm"])
def test_gradients_accumulate_over_two_backward_passes(name):
    layer, x = make(name)
    out = layer.forward(x)
    dout = np.random.default_rng(4).standard_normal(out.shape)
    layer.backward(dout)
    once = {k: p.grad.copy() for k, p in layer.parameters().items()}
    layer.forward(x)
    layer.backward(dout)
    for k, p in layer.parameters().items():
        np.testing.assert_allclose(p.grad, 2 * once[k], rtol=1e-12)


def test_eval_mode_uses_running_statistics_and_changes_nothing():
    bn = BatchNorm1d(3)
    x = np.random.default_rng(0).standard_normal((10, 3)) * 2 + 5
    for _ in range(200):
        bn.forward(x)
    before = bn.running_mean.copy(), bn.running_var.copy()
    bn.eval()
    out = bn.forward(x)
    np.testing.assert_array_equal(bn.running_mean, before[0])
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-3)   # the running stats converged
    single = bn.forward(x[:1])                                  # one sample is fine in eval
    np.testing.assert_allclose(single, out[:1])


def test_running_statistics_are_buffers_in_the_state_dict():
    model = Sequential(Linear(4, 3, rng=0), BatchNorm1d(3), ReLU(), Linear(3, 2, rng=1))
    model.forward(np.random.default_rng(0).standard_normal((8, 4)))
    state = model.state_dict()
    assert {"1.gamma", "1.beta", "1.running_mean", "1.running_var"} <= state.keys()
    assert "1.running_mean" not in model.parameters()
    fresh = Sequential(Linear(4, 3, rng=5), BatchNorm1d(3), ReLU(), Linear(3, 2, rng=6))
    fresh.load_state_dict(state)
    np.testing.assert_array_equal(fresh[1].running_var, model[1].running_var)
    model.eval(), fresh.eval()
    x = np.ones((2, 4))
    np.testing.assert_array_equal(fresh.forward(x), model.forward(x))


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match=r"BatchNorm1d\(4.*\(N, 4\).*\(8, 5\)"):
        BatchNorm1d(4).forward(np.zeros((8, 5)))
    with pytest.raises(ValueError, match=r"more than one value.*\(1, 4\).*eval"):
        BatchNorm1d(4).forward(np.zeros((1, 4)))
    with pytest.raises(ValueError, match=r"more than one value"):
        BatchNorm2d(2).forward(np.zeros((1, 2, 1, 1)))
    with pytest.raises(ValueError, match=r"channels-last"):
        BatchNorm2d(3).forward(np.zeros((2, 5, 5, 3)))
    with pytest.raises(ValueError, match=r"BatchNorm2d"):
        BatchNorm1d(3).forward(np.zeros((2, 3, 4, 4)))
    x = np.zeros((4, 3))
    x[2, 1] = np.nan
    for layer in (BatchNorm1d(3), LayerNorm(3)):
        with pytest.raises(ValueError, match=r"NaN or infinity.*\(2, 1\)"):
            layer.forward(x)
    with pytest.raises(ValueError, match=r"trailing axes \(5,\).*\(4, 3\)"):
        LayerNorm(5).forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm1d(3, momentum=1.5)
    with pytest.raises(ValueError, match="eps"):
        LayerNorm(3, eps=0)
    with pytest.raises(TypeError, match="num_features"):
        BatchNorm1d(3.0)
    bn = BatchNorm1d(3)
    bn.forward(np.random.default_rng(0).standard_normal((4, 3)))
    with pytest.raises(ValueError, match=r"dout of shape \(4, 3\)"):
        bn.backward(np.zeros((4, 2)))


def test_a_batch_norm_network_converts_to_torch_with_its_running_statistics():
    model = Sequential(Linear(4, 6, rng=0), BatchNorm1d(6), ReLU(), Linear(6, 3, rng=1))
    x = np.random.default_rng(0).standard_normal((16, 4))
    model.forward(x)
    model.eval()
    errors = compare_with_torch(model, x)
    assert max(errors.values()) <= 1e-7, errors


# --- initialisation gains and fan modes --------------------------------------------------------

@pytest.mark.parametrize("name,param", [("linear", None), ("conv2d", None), ("sigmoid", None),
                                        ("tanh", None), ("relu", None), ("selu", None),
                                        ("leaky_relu", None), ("leaky_relu", 0.2)])
def test_gain_is_torchs(name, param):
    expected = torch.nn.init.calculate_gain(name, param) if param is not None \
        else torch.nn.init.calculate_gain(name)
    assert init.gain(name, param) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("shape,layout", [((300, 200), "linear"), ((64, 16, 3, 3), "conv")])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize("fn", [init.he_normal, init.he_uniform])
def test_he_fan_modes_give_torchs_std(shape, layout, mode, fn):
    W = fn(shape, layout=layout, mode=mode, nonlinearity="leaky_relu", param=0.1, rng=0)
    # torch's weight layout is (M, D) for Linear, the transpose of nnbook's (D, M)
    t = torch.empty(shape[::-1] if layout == "linear" else shape, dtype=torch.float64)
    torch.manual_seed(0)
    tfn = torch.nn.init.kaiming_normal_ if fn is init.he_normal else torch.nn.init.kaiming_uniform_
    tfn(t, a=0.1, mode=mode, nonlinearity="leaky_relu")
    assert W.std() == pytest.approx(t.std().item(), rel=0.03)


def test_xavier_gain_and_bad_settings():
    W = init.xavier_normal((400, 400), gain=init.gain("tanh"), rng=0)
    assert W.std() == pytest.approx(5 / 3 * np.sqrt(2 / 800), rel=0.02)
    with pytest.raises(ValueError, match="nonlinearity"):
        init.gain("gelu")
    with pytest.raises(ValueError, match="mode"):
        init.he_normal((3, 3), mode="fan_avg")
    with pytest.raises(ValueError, match="param"):
        init.gain("relu", 0.1)


# --- the gradient-flow diagnostic --------------------------------------------------------------

def deep_tanh(depth=6, init_name="xavier"):
    layers = []
    for i in range(depth):
        layers += [Linear(20, 20, init=init_name, rng=i), Tanh()]
    return Sequential(*layers, Linear(20, 3, rng=99))


def test_layer_statistics_measure_what_a_manual_pass_computes():
    model = deep_tanh()
    x = np.random.default_rng(0).standard_normal((32, 20))
    y = np.arange(32) % 3
    stats = layer_statistics(model, x, y=y, loss=SoftmaxCrossEntropy(), layers=Linear)
    assert [s["name"] for s in stats] == [str(2 * i) for i in range(6)] + ["12"]
    h = x
    for i, layer in enumerate(model.layers[:3]):
        h = layer.forward(h)
    assert stats[1]["out"]["std"] == pytest.approx(h.std(), rel=1e-12)   # layer "2"
    assert stats[0]["param_grad_norm"] == pytest.approx(
        np.sqrt(np.sum(model[0].W.grad ** 2) + np.sum(model[0].b.grad ** 2)), rel=1e-12)
    assert "forward" not in model[0].__dict__                   # the wrappers are gone
    # against torch: the same statistics from the twin
    module = to_torch(model)
    loss = torch.nn.functional.cross_entropy
    stats_t = layer_statistics(module, torch.tensor(x), y=torch.tensor(y), loss=loss,
                               layers=torch.nn.Linear)
    for a, b in zip(stats, stats_t):
        assert a["out"]["std"] == pytest.approx(b["out"]["std"], rel=1e-10)
        assert a["grad"]["std"] == pytest.approx(b["grad"]["std"], rel=1e-8)
        assert a["param_grad_norm"] == pytest.approx(b["param_grad_norm"], rel=1e-8)


def test_layer_statistics_see_vanishing_gradients_with_a_small_init():
    x = np.random.default_rng(0).standard_normal((64, 20))
    small = layer_statistics(deep_tanh(10, init_name="normal"), x, layers=Linear)
    good = layer_statistics(deep_tanh(10), x, layers=Linear)
    assert small[0]["grad"]["std"] < 1e-6 * small[-1]["grad"]["std"]
    assert good[0]["grad"]["std"] > 0.05 * good[-1]["grad"]["std"]


def test_gradient_monitor_through_the_trainer_records_norms_and_update_ratios():
    model = deep_tanh(3)
    opt = SGD(model.parameters(), lr=0.1)
    monitor = GradientMonitor(model, every=2)
    X = np.random.default_rng(0).standard_normal((40, 20))
    y = np.arange(40) % 3
    before = model[0].W.value.copy()
    trainer = Trainer(model, SoftmaxCrossEntropy(), opt, rng=0, callbacks=[monitor])
    trainer.train_batch(X, y)
    assert monitor.steps == [0]
    ratio = np.linalg.norm(model[0].W.value - before) / np.linalg.norm(before)
    assert monitor.update_ratio["0.W"][0] == pytest.approx(ratio, rel=1e-10)
    # SGD: the update is lr * grad
    assert monitor.update_ratio["0.W"][0] == pytest.approx(
        0.1 * monitor.grad_norm["0.W"][0] / np.linalg.norm(before), rel=1e-10)
    trainer.train_epoch(X, y, batch_size=10)
    steps, g, u = monitor.arrays()
    assert list(steps) == [0, 2, 4] and g.shape == u.shape == (3, len(model.parameters()))
    with pytest.raises(TypeError, match="on_backward"):
        Trainer(model, SoftmaxCrossEntropy(), opt, callbacks=[object()])


def test_gradient_monitor_in_a_torch_loop():
    module = to_torch(deep_tanh(2))
    opt = torch.optim.SGD(module.parameters(), lr=0.05)
    monitor = GradientMonitor(module)
    x, y = torch.randn(8, 20, dtype=torch.float64), torch.arange(8) % 3
    w0 = module[0].weight.detach().clone()
    torch.nn.functional.cross_entropy(module(x), y).backward()
    monitor.before_step()
    opt.step()
    monitor.after_step()
    expected = (module[0].weight.detach() - w0).norm() / w0.norm()
    assert monitor.update_ratio["0.weight"][0] == pytest.approx(expected.item(), rel=1e-10)


# --- every argument of the new public functions, given bad values --------------------------------

BAD = {"None": None, "str": "x", "neg": -1, "zero": 0, "nan": float("nan"), "inf": float("inf"),
       "bool": True, "float": 2.5, "list": [], "obj": object()}
SWEEP = [
    (BatchNorm1d, dict(num_features=3, eps=1e-5, momentum=0.1, affine=True, dtype=np.float64)),
    (BatchNorm2d, dict(num_features=3, eps=1e-5, momentum=0.1, affine=True, dtype=np.float64)),
    (LayerNorm, dict(normalized_shape=3, eps=1e-5, elementwise_affine=True, dtype=np.float64)),
    (lambda x: BatchNorm1d(3).forward(x), dict(x=np.ones((4, 3)))),
    (lambda x: BatchNorm2d(3).forward(x), dict(x=np.ones((2, 3, 2, 2)))),
    (lambda x: LayerNorm(3).forward(x), dict(x=np.ones((4, 3)))),
    (init.gain, dict(nonlinearity="leaky_relu", param=0.1)),
    (init.he_normal, dict(shape=(3, 2), mode="fan_out", nonlinearity="relu", rng=0)),
    (init.xavier_normal, dict(shape=(3, 2), gain=1.0, rng=0)),
    (GradientMonitor, dict(model=Sequential(Linear(3, 2, rng=0)), every=2)),
    (layer_statistics, dict(model=Sequential(Linear(3, 2, rng=0)), x=np.ones((4, 3)),
                            percentiles=(5, 95))),
]
SWEEP_CASES = [(fn, base, arg, bad) for fn, base in SWEEP for arg in base for bad in BAD]


@pytest.mark.parametrize("fn, base, arg, bad", SWEEP_CASES,
                         ids=[f"{getattr(fn, '__name__', 'f')}-{arg}-{bad}"
                              for fn, base, arg, bad in SWEEP_CASES])
def test_sweep_bad_values_are_clear_errors_or_accepted(fn, base, arg, bad):
    """A bad value is refused with a TypeError/ValueError naming the argument (or its role), or,
    where it is legitimately valid (eps=2.5, momentum=0), accepted with a finite result."""
    kwargs = {**base, arg: BAD[bad]}
    try:
        result = fn(**kwargs)
    except (ValueError, TypeError, KeyError) as e:
        import traceback
        origin = traceback.extract_tb(e.__traceback__)[-1].filename
        assert "/nnbook/" in origin and "numpy" not in origin, f"raised by {origin}: {e}"
        names = {arg, "x", "shape", "every", "percentiles", "model", "nonlinearity", "mode"}
        assert any(n in str(e) for n in names), str(e)
        return
    if isinstance(result, np.ndarray):
        assert np.all(np.isfinite(result))
