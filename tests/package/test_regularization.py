"""Regularization against torch: inverted dropout's scaling in train and eval mode, and the L2
regularizer (through the Trainer) as torch's coupled weight_decay on the weight matrices, for SGD
and Adam, which torch's decoupled AdamW is not."""
import numpy as np
import pytest
import torch

from nnbook.layers import Dropout, Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD, Adam
from nnbook.regularizers import L1, L2
from nnbook.training import Trainer


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_scaling_matches_torch_in_train_mode(p):
    x = np.random.default_rng(0).uniform(1, 2, size=(400, 250))
    ours = Dropout(p, rng=1).train().forward(x)
    torch.manual_seed(0)
    theirs = torch.nn.Dropout(p).train()(torch.from_numpy(x)).numpy()
    for name, out in (("nnbook", ours), ("torch", theirs)):
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-12, err_msg=name)
        assert abs(kept.mean() - (1 - p)) < 0.01, (name, kept.mean())
    # the expectation is kept: both means are close to the input's
    assert abs(ours.mean() - x.mean()) < 0.02 and abs(theirs.mean() - x.mean()) < 0.02


@pytest.mark.parametrize("p", [0.0, 0.5])
def test_dropout_eval_mode_is_identity_like_torch(p):
    x = np.random.default_rng(0).standard_normal((7, 9))
    ours = Dropout(p, rng=1).eval().forward(x)
    theirs = torch.nn.Dropout(p).eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(ours, x)


def test_dropout_gradient_flows_only_through_kept_units_as_autograd_says():
    p = 0.4
    rng = np.random.default_rng(2)
    x, dout = rng.standard_normal((30, 20)), rng.standard_normal((30, 20))
    drop = Dropout(p, rng=3)
    out = drop.forward(x)
    dx = drop.backward(dout)
    keep = torch.from_numpy((out != 0).astype(np.float64))
    xt = torch.from_numpy(x).requires_grad_()
    (xt * keep / (1 - p) * torch.from_numpy(dout)).sum().backward()
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12)
    assert np.all(dx[out == 0] == 0)


def models(seed=0):
    ours = Sequential(Linear(6, 10, rng=seed), ReLU(), Linear(10, 3, rng=seed + 1))
    theirs = torch.nn.Sequential(torch.nn.Linear(6, 10), torch.nn.ReLU(), torch.nn.Linear(10, 3)).double()
    with torch.no_grad():
        for i in (0, 2):
            theirs[i].weight.copy_(torch.from_numpy(ours[i].W.value.T))
            theirs[i].bias.copy_(torch.from_numpy(ours[i].b.value))
    return ours, theirs


def torch_run(theirs, make_opt, X, y, steps):
    weights = [theirs[0].weight, theirs[2].weight]
    biases = [theirs[0].bias, theirs[2].bias]
    opt = make_opt(weights, biases)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(theirs(Xt), yt).backward()
        opt.step()
    return theirs[0].weight.detach().numpy().T


def nnbook_run(ours, opt, X, y, steps, lam):
    trainer = Trainer(ours, SoftmaxCrossEntropy(), opt, regularizer=L2(lam), rng=0)
    for _ in range(steps):
        trainer.train_batch(X, y)
    return ours[0].W.value


@pytest.mark.parametrize("kind", ["SGD", "Adam"])
def test_l2_regularizer_is_torch_coupled_weight_decay_on_weights(kind):
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((32, 6)), rng.integers(0, 3, 32)
    lam, steps = 0.05, 40
    ours, theirs = models()
    if kind == "SGD":
        opt = SGD(ours.parameters(), lr=0.1, momentum=0.9)
        make = lambda w, b: torch.optim.SGD([{"params": w, "weight_decay": lam},
                                             {"params": b, "weight_decay": 0.0}], lr=0.1, momentum=0.9)
    else:
        opt = Adam(ours.parameters(), lr=0.01)
        make = lambda w, b: torch.optim.Adam([{"params": w, "weight_decay": lam},
                                              {"params": b, "weight_decay": 0.0}], lr=0.01)
    W_ours = nnbook_run(ours, opt, X, y, steps, lam)
    W_torch = torch_run(theirs, make, X, y, steps)
    np.testing.assert_allclose(W_ours, W_torch, rtol=1e-9, atol=1e-11)


def test_coupled_l2_with_adam_is_not_adamw():
    rng = np.random.default_rng(4)
    X, y = rng.standard_normal((32, 6)), rng.integers(0, 3, 32)
    lam, steps = 0.05, 40
    ours, theirs = models()
    W_ours = nnbook_run(ours, Adam(ours.parameters(), lr=0.01), X, y, steps, lam)
    make = lambda w, b: torch.optim.AdamW([{"params": w, "weight_decay": lam / 0.01},
                                           {"params": b, "weight_decay": 0.0}], lr=0.01)
    W_adamw = torch_run(theirs, make, X, y, steps)
    assert np.max(np.abs(W_ours - W_adamw)) > 1e-3


@pytest.mark.parametrize("reg_cls,expected", [
    (L2, lambda W, lam: lam * W),
    (L1, lambda W, lam: lam * np.sign(W)),
])
def test_penalty_gradient_matches_autograd(reg_cls, expected):
    rng = np.random.default_rng(5)
    model = Sequential(Linear(4, 5, rng=0), ReLU(), Linear(5, 2, rng=1))
    for p in model.parameters().values():
        p.value[...] = rng.standard_normal(p.value.shape)
    reg = reg_cls(0.3)
    params = model.parameters()
    total = torch.zeros((), dtype=torch.float64)
    tensors = {}
    for name in ("0.W", "2.W"):
        t = torch.from_numpy(params[name].value.copy()).requires_grad_()
        tensors[name] = t
        total = total + (0.15 * (t ** 2).sum() if reg_cls is L2 else 0.3 * t.abs().sum())
    total.backward()
    assert reg.penalty(params) == pytest.approx(total.item(), rel=1e-12)
    for p in params.values():
        p.grad[...] = 0
    reg.backward(params)
    for name, t in tensors.items():
        np.testing.assert_allclose(params[name].grad, t.grad.numpy(), rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(params[name].grad, expected(params[name].value, 0.3))
    assert np.all(params["0.b"].grad == 0), "biases are not penalised"


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, float("nan")])
def test_dropout_rejects_p_outside_0_1(p):
    with pytest.raises((ValueError, TypeError), match="p"):
        Dropout(p)
