"""The Layer tree: registration, paths, modes, accumulating gradients (shared layers and
parameters against torch autograd), needs_input_grad, state_dict and load_state_dict."""
import pathlib
import re

import numpy as np
import pytest
import torch

from nnbook.gradcheck import check_layer, compare_with_torch, rel_error
from nnbook.layers import Dropout, Layer, Linear, Parameter, ReLU, Sequential, Tanh
from nnbook.losses import SoftmaxCrossEntropy


class Block(Layer):
    """A layer with children and a parameter of its own: out = fc2(relu(fc1(x))) * scale."""

    def __init__(self, D, H, rng=0):
        super().__init__()
        self.scale = Parameter(np.ones(1))
        self.fc1 = Linear(D, H, rng=rng)
        self.act = ReLU()
        self.fc2 = Linear(H, D, rng=rng + 1)

    def forward(self, x):
        self._h = self.fc2(self.act(self.fc1(x)))
        return self._remember(self._h * self.scale.value)

    def backward(self, dout):
        dout = self._check_dout(dout)
        self.scale.grad += np.sum(dout * self._h, keepdims=True).reshape(1)
        return self.fc1.backward(self.act.backward(self.fc2.backward(dout * self.scale.value)))


class Net(Layer):
    def __init__(self):
        super().__init__()
        self.block = Block(3, 5)
        self.head = Sequential(Tanh(), Linear(3, 2, rng=7), Dropout(0.5, rng=0))

    def forward(self, x):
        return self.head(self.block(x))

    def backward(self, dout):
        return self.block.backward(self.head.backward(dout))


def test_parameters_are_registered_in_order_and_named_by_path():
    net = Net()
    assert list(net.parameters()) == ["block.scale", "block.fc1.W", "block.fc1.b", "block.fc2.W",
                                      "block.fc2.b", "head.1.W", "head.1.b"]
    assert [name for name, _ in net.named_children()] == ["block", "head"]
    assert [p for p, _ in net.named_modules()] == ["", "block", "block.fc1", "block.act", "block.fc2",
                                                   "head", "head.0", "head.1", "head.2"]
    assert net.submodule("block.fc1") is net.block.fc1
    with pytest.raises(ValueError, match="fc3"):
        net.submodule("block.fc3")
    # reassigning a plain value unregisters; a new Parameter keeps its place
    net.block.scale = Parameter(np.full(1, 2.0))
    assert list(net.parameters())[0] == "block.scale"
    del net.block.fc2
    assert "block.fc2.W" not in net.parameters()


def test_registration_before_super_init_is_a_clear_error():
    class Bad(Layer):
        def __init__(self):
            self.W = Parameter(np.zeros(2))

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\) before assigning the Parameter 'W'"):
        Bad()


def test_train_eval_and_zero_grad_walk_the_tree():
    net = Net()
    net.eval()
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    for p in net.parameters().values():
        p.grad += 1
    net.zero_grad()
    assert all(not p.grad.any() for p in net.parameters().values())


def test_repr_shows_the_tree():
    text = repr(Net())
    assert "(block) Block(\n    (fc1) Linear(3 → 5)" in text
    assert "(head) Sequential(\n    (0) Tanh()\n    (1) Linear(3 → 2)\n    (2) Dropout(p=0.5)\n  )" in text


def test_a_custom_tree_passes_gradient_checks():
    net = Net().eval()
    x = np.random.default_rng(0).standard_normal((6, 3))
    errors = check_layer(net, x, rng=1)
    assert set(errors) == {"x", *net.parameters()}
    assert max(errors.values()) < 1e-6, errors


def test_gradients_accumulate_over_backward_calls():
    layer = Linear(4, 3, rng=0)
    x = np.random.default_rng(1).standard_normal((5, 4))
    dout = np.ones((5, 3))
    layer.forward(x)
    layer.backward(dout)
    once = layer.W.grad.copy()
    layer.forward(x)
    layer.backward(dout)
    np.testing.assert_allclose(layer.W.grad, 2 * once)
    layer.zero_grad()
    assert not layer.W.grad.any()


def test_a_layer_used_twice_gets_the_sum_like_torch():
    lin = Linear(4, 4, rng=0)
    model = Sequential(lin, Tanh(), lin)
    assert list(model.parameters()) == ["0.W", "0.b"]          # listed once, like torch
    x = np.random.default_rng(2).standard_normal((6, 4))
    errors = compare_with_torch(model, x, rng=3)
    assert max(errors.values()) < 1e-12, errors
    module = __import__("nnbook.torch_bridge", fromlist=["to_torch"]).to_torch(model)
    assert module[0] is module[2]                              # the torch twin shares it too
    errors = check_layer(model, x, loss=SoftmaxCrossEntropy(), y=np.arange(6) % 4)
    assert max(errors.values()) < 1e-6, errors


def test_a_parameter_shared_by_two_layers_gets_the_sum_like_torch():
    first, second = Linear(3, 3, rng=0), Linear(3, 3, rng=1)
    second.W = first.W                                         # tied weights, separate biases
    model = Sequential(first, ReLU(), second)
    assert list(model.parameters()) == ["0.W", "0.b", "2.b"]
    rng = np.random.default_rng(4)
    x, dout = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    model.zero_grad()
    model.forward(x)
    model.backward(dout)
    W = torch.tensor(first.W.value, requires_grad=True)
    b0 = torch.tensor(first.b.value, requires_grad=True)
    b2 = torch.tensor(second.b.value, requires_grad=True)
    out = torch.relu(torch.tensor(x) @ W + b0) @ W + b2
    out.backward(torch.tensor(dout))
    for name, ref in (("0.W", W), ("0.b", b0), ("2.b", b2)):
        assert rel_error(model.parameters()[name].grad, ref.grad.numpy()) < 1e-12, name
    assert max(check_layer(model, x + np.sign(x) * 0.05, rng=5).values()) < 1e-6


def test_needs_input_grad_skips_dx_and_changes_no_parameter_gradient():
    x = np.random.default_rng(0).standard_normal((8, 4))
    grads = []
    for needs in (True, False):
        model = Sequential(Dropout(0.0), Linear(4, 6, rng=0), ReLU(), Linear(6, 3, rng=1))
        model.needs_input_grad = needs
        model.forward(x)
        dx = model.backward(np.ones((8, 3)))
        assert (dx is None) == (not needs)
        grads.append({k: p.grad.copy() for k, p in model.parameters().items()})
    assert [m.needs_input_grad for m in model.layers] == [False, False, True, True]
    for k in grads[0]:
        np.testing.assert_array_equal(grads[0][k], grads[1][k])


def test_needs_input_grad_of_a_shared_layer_is_true_if_any_use_needs_it():
    lin = Linear(3, 3, rng=0)
    model = Sequential(lin, Tanh(), lin)
    model.needs_input_grad = False
    assert lin.needs_input_grad
    assert max(check_layer(model, np.ones((2, 3))).values()) < 1e-6   # the check turns dx back on


def test_state_dict_round_trip_includes_the_dropout_generator():
    net = Net()
    state = net.state_dict()
    assert set(state) == {*net.parameters(), "head.2.rng"}
    x = np.random.default_rng(0).standard_normal((4, 3))
    first = net(x)
    net.load_state_dict(state)                                 # rewinds the dropout generator
    np.testing.assert_array_equal(net(x), first)
    other = Net()
    for p in other.parameters().values():
        p.value += 1
    other.load_state_dict(state)
    np.testing.assert_array_equal(other(x), first)


@pytest.mark.parametrize("change, match", [
    (lambda s: s.pop("block.fc1.W"), r"missing \['block.fc1.W'\]"),
    (lambda s: s.update(extra=np.zeros(1)), r"unexpected \['extra'\]"),
    (lambda s: s.update({"head.1.W": np.zeros((2, 3))}), r"'head.1.W' has shape \(2, 3\) in the state but \(3, 2\)"),
    (lambda s: s.update({"head.1.b": np.zeros(2, dtype=np.int64)}), r"'head.1.b' holds dtype int64"),
    (lambda s: s.update({"head.1.b": np.array([np.nan, 0])}), r"'head.1.b' holds NaN or inf"),
    (lambda s: s.update({"head.2.rng": "garbage"}), r"'rng' in the state is not the state of a PCG64"),
])
def test_load_state_dict_checks_everything_before_changing_anything(change, match):
    net = Net()
    before = net.state_dict()
    state = Net().state_dict()
    for p in state:
        if not p.endswith("rng"):
            state[p] = state[p] + 1.0
    change(state)
    with pytest.raises(ValueError, match=match):
        net.load_state_dict(state)
    after = net.state_dict()
    for k in before:
        np.testing.assert_array_equal(after[k], before[k], err_msg=k)


def test_load_state_dict_refuses_a_non_mapping():
    with pytest.raises(TypeError, match="state must be a dict"):
        Linear(2, 2).load_state_dict([1, 2])


def test_no_isinstance_sequential_special_case_in_the_package():
    root = pathlib.Path(__file__).resolve().parents[2] / "nnbook"
    offenders = [f"{path.name}:{i}" for path in root.rglob("*.py") if path.name != "layers.py"
                 for i, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"isinstance\([^)]*Sequential", line) or ".layers[" in line]
    assert not offenders, offenders


# -- the Trainer on the tree: zero_grad each step, dx skipped, checkpoints checked ---------------
def _run(tmp_path=None, *, epochs, load=None, save=None):
    from nnbook.optim import SGD
    from nnbook.training import Trainer
    model = Sequential(Linear(4, 16, rng=0), ReLU(), Dropout(0.3, rng=1), Linear(16, 3, rng=2))
    t = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1, momentum=0.9), rng=3)
    if load:
        t.load(load)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((60, 4)), rng.integers(0, 3, 60)
    t.fit(X, y, epochs=epochs, batch_size=16, progress=False)
    if save:
        t.save(save)
    return t


def test_trainer_skips_dx_of_the_first_layer_and_zeroes_gradients():
    t = _run(epochs=1)
    assert not t.model[0].needs_input_grad and t.model[3].needs_input_grad
    t.model.forward(np.ones((2, 4)))
    assert t.model.backward(np.ones((2, 3))) is None


def test_a_resumed_run_with_dropout_is_bit_identical(tmp_path):
    straight = _run(epochs=4)
    _run(epochs=2, save=tmp_path / "c.npz")
    resumed = _run(epochs=2, load=tmp_path / "c.npz")
    assert resumed.epoch == 4
    for k, v in straight.model.state_dict().items():
        if isinstance(v, np.ndarray):
            np.testing.assert_array_equal(resumed.model.state_dict()[k], v, err_msg=k)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "no_epoch", "nan_weight"])
def test_a_damaged_checkpoint_is_refused_and_nothing_changes(tmp_path, damage):
    path = tmp_path / "c.npz"
    t = _run(epochs=1, save=path)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a checkpoint at all")
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with np.load(path) as f:
            arrays = {k: f[k] for k in f.files}
        if damage == "no_epoch":
            del arrays["epoch"]
        else:
            arrays["param/3.W"] = arrays["param/3.W"] * np.nan
        np.savez(path, **arrays)
    fresh = _run(epochs=1)
    fresh.optimizer.t = 7                          # a state the failed load must keep
    before = fresh.model.state_dict(), fresh.optimizer.state_dict(), fresh.epoch
    with pytest.raises(ValueError, match=r"Trainer.load: checkpoint .*(cannot be read|does not fit|NaN)"):
        fresh.load(path)
    after = fresh.model.state_dict(), fresh.optimizer.state_dict(), fresh.epoch
    assert after[2] == before[2]
    for old, new in zip(before[:2], after[:2]):
        assert old.keys() == new.keys()
        for k in old:
            if isinstance(old[k], np.ndarray):
                np.testing.assert_array_equal(new[k], old[k], err_msg=k)
            else:
                assert new[k] == old[k], k


def test_a_missing_checkpoint_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        _run(epochs=1).load(tmp_path / "nothing.npz")
