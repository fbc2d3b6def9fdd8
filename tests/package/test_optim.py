"""Optimizers against torch.optim: 20 steps on the same problem, trajectories equal to 1e-10."""
import numpy as np
import pytest
import torch

from nnbook.layers import Linear, Parameter, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD, Adam, RMSProp, clip_grad_norm

STEPS = 20

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.1, momentum=0.5, weight_decay=0.01)),
    ("SGD", dict(lr=0.1, weight_decay=0.1)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
    ("Adam", dict(lr=0.01, weight_decay=0.05)),
    ("RMSProp", dict()),
    ("RMSProp", dict(lr=0.001, alpha=0.9, momentum=0.9)),
    ("RMSProp", dict(lr=0.005, momentum=0.5, weight_decay=0.1, eps=1e-6)),
]
NNBOOK = {"SGD": SGD, "Adam": Adam, "RMSProp": RMSProp}
TORCH = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "RMSProp": torch.optim.RMSprop}


def make_problem(seed=0):
    """A small MLP and a batch: the gradients change every step, as in training."""
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(5, 8, rng=1), ReLU(), Linear(8, 3, rng=2))
    X, y = rng.standard_normal((16, 5)), rng.integers(0, 3, 16)
    return model, X, y


def nnbook_trajectory(name, kwargs, steps=STEPS, opt=None, model=None):
    if model is None:
        model, X, y = make_problem()
    else:
        _, X, y = make_problem()
    loss_fn = SoftmaxCrossEntropy()
    opt = opt or NNBOOK[name](model.parameters(), **kwargs)
    traj = []
    for _ in range(steps):
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        opt.step()
        traj.append({k: p.value.copy() for k, p in model.parameters().items()})
    return traj, model, opt


def torch_trajectory(name, kwargs, steps=STEPS):
    model, X, y = make_problem()
    params = {k: torch.tensor(p.value, requires_grad=True) for k, p in model.parameters().items()}
    kwargs = dict(kwargs)
    opt = TORCH[name](list(params.values()), **kwargs)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    traj = []
    for _ in range(steps):
        opt.zero_grad()
        h = torch.relu(Xt @ params["0.W"] + params["0.b"])
        loss = torch.nn.functional.cross_entropy(h @ params["2.W"] + params["2.b"], yt)
        loss.backward()
        opt.step()
        traj.append({k: p.detach().numpy().copy() for k, p in params.items()})
    return traj


def assert_same_trajectory(ours, theirs, label, tol=1e-10):
    for t, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        for k in a:
            err = np.max(np.abs(a[k] - b[k]))
            assert err <= tol, f"{label}: step {t + 1}, parameter {k!r} differs from torch by {err:.2e}"


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_trajectory_matches_torch(name, kwargs):
    ours, _, _ = nnbook_trajectory(name, kwargs)
    theirs = torch_trajectory(name, kwargs)
    # the parameters really moved, so the comparison means something
    assert np.max(np.abs(ours[-1]["0.W"] - make_problem()[0].parameters()["0.W"].value)) > 1e-3
    assert_same_trajectory(ours, theirs, f"{name}{kwargs}")


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_state_dict_round_trip_continues_the_same_trajectory(name, kwargs):
    full, _, _ = nnbook_trajectory(name, kwargs, steps=10)
    _, model, opt = nnbook_trajectory(name, kwargs, steps=5)
    state = opt.state_dict()
    assert all(isinstance(v, (np.ndarray, float, int)) for v in state.values())
    # a fresh optimizer on a copy of the weights, loaded from the state, continues identically
    model2, _, _ = make_problem()
    for k, p in model2.parameters().items():
        p.value[...] = model.parameters()[k].value
    opt2 = NNBOOK[name](model2.parameters(), **kwargs)
    opt2.load_state_dict(state)
    rest, _, _ = nnbook_trajectory(name, kwargs, steps=5, opt=opt2, model=model2)
    assert_same_trajectory(rest, full[5:], f"{name}{kwargs} resumed", tol=0)


def test_state_dict_is_a_copy():
    model, _, _ = make_problem()
    opt = Adam(model.parameters())
    _, _, opt = nnbook_trajectory("Adam", {}, steps=2, opt=opt, model=model)
    state = opt.state_dict()
    before = state["m/0.W"].copy()
    nnbook_trajectory("Adam", {}, steps=1, opt=opt, model=model)
    np.testing.assert_array_equal(state["m/0.W"], before)


def test_load_state_dict_rejects_other_parameters():
    model, _, _ = make_problem()
    opt = Adam(model.parameters())
    other = Adam(Sequential(Linear(5, 4, rng=0)).parameters())
    with pytest.raises(ValueError, match="missing"):
        opt.load_state_dict(other.state_dict())
    with pytest.raises(ValueError, match="missing"):
        opt.load_state_dict(SGD(model.parameters(), lr=0.1, momentum=0.9).state_dict())
    bad = opt.state_dict()
    bad["m/0.W"] = np.zeros((2, 2))
    with pytest.raises(ValueError, match=r"'0.W' has shape \(2, 2\)"):
        opt.load_state_dict(bad)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,kwargs", CASES[::2], ids=[f"{n}-{k}" for n, k in CASES[::2]])
def test_dtype_is_kept_and_update_is_in_place(name, kwargs, dtype):
    p = Parameter(np.ones((3, 4), dtype=dtype))
    p.grad = np.full((3, 4), 0.5, dtype=dtype)
    before = p.value
    opt = NNBOOK[name]({"W": p}, **kwargs)
    for _ in range(3):
        opt.step()
    assert p.value is before, "the update must change p.value in place"
    assert p.value.dtype == dtype
    assert all(b.dtype == dtype for b in opt.state["W"].values())
    assert np.all(p.value < 1)


def test_zero_grad_and_lr_attribute():
    model, X, y = make_problem()
    opt = SGD(model.parameters(), lr=0.1)
    loss = SoftmaxCrossEntropy()
    loss(model(X), y)
    model.backward(loss.backward())
    opt.zero_grad()
    assert all(np.all(p.grad == 0) for p in model.parameters().values())
    opt.lr = 0.0                                   # what a schedule does; 0 is allowed here
    W = model.parameters()["0.W"].value.copy()
    loss(model(X), y)
    model.backward(loss.backward())
    opt.step()
    np.testing.assert_array_equal(model.parameters()["0.W"].value, W)
    opt.lr = -1.0
    with pytest.raises(ValueError, match="lr"):
        opt.step()


@pytest.mark.parametrize("make,match", [
    (lambda ps: SGD(ps, lr=0), r"lr must be .* got 0"),
    (lambda ps: SGD(ps, lr=-0.1), r"got -0.1"),
    (lambda ps: SGD(ps, lr=float("nan")), r"lr"),
    (lambda ps: SGD(ps, lr=0.1, momentum=1.0), r"momentum .* got 1.0"),
    (lambda ps: SGD(ps, lr=0.1, momentum=-0.5), r"momentum"),
    (lambda ps: SGD(ps, lr=0.1, nesterov=True), r"nesterov=True needs momentum > 0"),
    (lambda ps: SGD(ps, lr=0.1, weight_decay=-1), r"weight_decay"),
    (lambda ps: Adam(ps, betas=(0.9, 1.0)), r"betas\[1\]"),
    (lambda ps: Adam(ps, betas=0.9), r"betas must be a pair"),
    (lambda ps: Adam(ps, eps=-1e-8), r"eps"),
    (lambda ps: RMSProp(ps, alpha=1.5), r"alpha .* got 1.5"),
    (lambda ps: SGD({}, lr=0.1), r"empty parameter dict"),
])
def test_settings_are_validated(make, match):
    ps = {"W": Parameter(np.zeros((2, 2)))}
    with pytest.raises(ValueError, match=match):
        make(ps)


def test_clear_type_errors():
    model, _, _ = make_problem()
    with pytest.raises(TypeError, match="pass model.parameters()"):
        SGD(model, lr=0.1)
    with pytest.raises(TypeError, match="'W' is a ndarray"):
        SGD({"W": np.zeros(3)}, lr=0.1)


def test_grad_shape_mismatch_names_the_parameter():
    p = Parameter(np.zeros((4, 3)))
    p.grad = np.zeros((3, 4))
    opt = SGD({"0.W": p}, lr=0.1)
    with pytest.raises(ValueError, match=r"parameter '0.W': grad shape \(3, 4\) differs from "
                                         r"value shape \(4, 3\)"):
        opt.step()
    assert opt.t == 0


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 100.0])
def test_clip_grad_norm_matches_torch(max_norm):
    rng = np.random.default_rng(3)
    shapes = [(4, 3), (3,), (3, 2)]
    params = {f"p{i}": Parameter(rng.standard_normal(s)) for i, s in enumerate(shapes)}
    for p in params.values():
        p.grad = rng.standard_normal(p.shape)
    tparams = [torch.tensor(p.value, requires_grad=True) for p in params.values()]
    for tp, p in zip(tparams, params.values()):
        tp.grad = torch.tensor(p.grad)
    expected = float(torch.nn.utils.clip_grad_norm_(tparams, max_norm))
    total = clip_grad_norm(params, max_norm)
    assert abs(total - expected) <= 1e-12
    for (k, p), tp in zip(params.items(), tparams):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=0, atol=1e-14, err_msg=k)
    new_norm = np.sqrt(sum(np.sum(p.grad ** 2) for p in params.values()))
    assert new_norm <= max_norm + 1e-9


def test_clip_grad_norm_validates():
    p = Parameter(np.zeros(3))
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm({"W": p}, 0)
    with pytest.raises(ValueError, match="no parameters"):
        clip_grad_norm({}, 1.0)
    assert clip_grad_norm([p], 1.0) == 0.0


def test_repr():
    p = {"W": Parameter(np.zeros(2))}
    assert repr(SGD(p, lr=0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9, 1 parameters)"
    assert "betas=(0.9, 0.999)" in repr(Adam(p))
