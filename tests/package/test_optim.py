"""Optimizers against torch.optim: 60 steps on the same problem in float64, trajectories equal
to 1e-10; parameter groups, checkpoints, clipping and bad settings."""
import numpy as np
import pytest
import torch

from nnbook.layers import Linear, Parameter, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD, Adagrad, Adam, AdamW, RMSProp, clip_grad_norm, clip_grad_value

STEPS = 60

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("SGD", dict(lr=0.1, momentum=0.5, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("SGD", dict(lr=0.1, weight_decay=0.1)),
    ("RMSProp", dict()),
    ("RMSProp", dict(lr=0.001, alpha=0.9, momentum=0.9)),
    ("RMSProp", dict(lr=0.005, momentum=0.5, weight_decay=0.1, eps=1e-6)),
    ("RMSProp", dict(lr=0.002, centered=True)),
    ("RMSProp", dict(lr=0.001, centered=True, momentum=0.8, weight_decay=0.01)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6)),
    ("Adam", dict(lr=0.01, weight_decay=0.05)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.9), amsgrad=True, weight_decay=0.01)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("AdamW", dict(lr=0.01, weight_decay=0.05, amsgrad=True, betas=(0.85, 0.95))),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01)),
    ("Adagrad", dict(lr=0.05, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-8)),
]
NNBOOK = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSProp": RMSProp, "Adagrad": Adagrad}
TORCH = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW,
         "RMSProp": torch.optim.RMSprop, "Adagrad": torch.optim.Adagrad}
IDS = [f"{n}-{k}" for n, k in CASES]


def make_problem(seed=0):
    """A small MLP and a batch: the gradients change every step, as in training."""
    rng = np.random.default_rng(seed)
    model = Sequential(Linear(5, 8, rng=1), ReLU(), Linear(8, 3, rng=2))
    X, y = rng.standard_normal((16, 5)), rng.integers(0, 3, 16)
    return model, X, y


def groups_of(params, spec):
    """Split ``params`` into groups: spec is a list of (names, overrides)."""
    return [{"params": {k: params[k] for k in names}, **extra} for names, extra in spec]


def nnbook_trajectory(name, kwargs, steps=STEPS, opt=None, model=None, groups=None):
    if model is None:
        model, X, y = make_problem()
    else:
        _, X, y = make_problem()
    loss_fn = SoftmaxCrossEntropy()
    if opt is None:
        params = model.parameters()
        opt = NNBOOK[name](groups_of(params, groups) if groups else params, **kwargs)
    traj = []
    for _ in range(steps):
        model.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        opt.step()
        traj.append({k: p.value.copy() for k, p in model.parameters().items()})
    return traj, model, opt


def torch_trajectory(name, kwargs, steps=STEPS, groups=None):
    model, X, y = make_problem()
    params = {k: torch.tensor(p.value, requires_grad=True) for k, p in model.parameters().items()}
    if groups:
        opt = TORCH[name]([{"params": [params[k] for k in names], **extra}
                           for names, extra in groups], **kwargs)
    else:
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


def max_error(ours, theirs):
    return max(float(np.max(np.abs(a[k] - b[k])))
               for a, b in zip(ours, theirs, strict=True) for k in a)


def assert_same_trajectory(ours, theirs, label, tol=1e-10):
    for t, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        for k in a:
            err = np.max(np.abs(a[k] - b[k]))
            assert err <= tol, f"{label}: step {t + 1}, parameter {k!r} differs from torch by {err:.2e}"


@pytest.mark.parametrize("name,kwargs", CASES, ids=IDS)
def test_trajectory_matches_torch(name, kwargs):
    ours, _, _ = nnbook_trajectory(name, kwargs)
    theirs = torch_trajectory(name, kwargs)
    # the parameters really moved, so the comparison means something
    assert np.max(np.abs(ours[-1]["0.W"] - make_problem()[0].parameters()["0.W"].value)) > 1e-3
    assert_same_trajectory(ours, theirs, f"{name}{kwargs}")


GROUPS = [(["0.W", "2.W"], {"weight_decay": 0.05}), (["0.b"], {"lr": 0.003}), (["2.b"], {})]


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("RMSProp", dict(lr=0.01, momentum=0.5)),
    ("Adam", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01)),
    ("Adagrad", dict(lr=0.05)),
])
def test_parameter_groups_match_torch(name, kwargs):
    ours, _, opt = nnbook_trajectory(name, kwargs, groups=GROUPS)
    theirs = torch_trajectory(name, kwargs, groups=GROUPS)
    assert len(opt.param_groups) == 3 and opt.param_groups[1]["lr"] == 0.003
    assert_same_trajectory(ours, theirs, f"{name} groups")


def test_setting_lr_scales_every_group_like_a_torch_scheduler():
    """A schedule sets opt.lr; a group created with its own rate keeps its ratio to the base,
    as torch's LambdaLR scales each group's initial rate."""
    factor = lambda t: 0.9 ** t                      # noqa: E731
    model, X, y = make_problem()
    params = model.parameters()
    opt = SGD(groups_of(params, GROUPS), lr=0.05, momentum=0.9)
    tparams = {k: torch.tensor(p.value, requires_grad=True) for k, p in params.items()}
    topt = torch.optim.SGD([{"params": [tparams[k] for k in names], **extra}
                            for names, extra in GROUPS], lr=0.05, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(topt, factor)
    loss_fn = SoftmaxCrossEntropy()
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for t in range(30):
        opt.lr = 0.05 * factor(t)
        model.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        opt.step()
        topt.zero_grad()
        h = torch.relu(Xt @ tparams["0.W"] + tparams["0.b"])
        torch.nn.functional.cross_entropy(h @ tparams["2.W"] + tparams["2.b"], yt).backward()
        topt.step()
        sched.step()
    for k, p in params.items():
        np.testing.assert_allclose(p.value, tparams[k].detach().numpy(), rtol=0, atol=1e-10, err_msg=k)


def test_a_parameter_in_two_groups_is_an_error():
    model, _, _ = make_problem()
    ps = model.parameters()
    with pytest.raises(ValueError, match=r"'0.W' of group 1 is already in another group"):
        SGD([{"params": {"0.W": ps["0.W"]}}, {"params": {"0.W": ps["0.W"], "0.b": ps["0.b"]}}], lr=0.1)
    with pytest.raises(ValueError, match=r"'first' of group 1 is already in another group \(as '0.W'\)"):
        SGD([{"params": {"0.W": ps["0.W"]}}, {"params": {"first": ps["0.W"]}}], lr=0.1)


@pytest.mark.parametrize("groups,error,match", [
    ([], ValueError, "empty list of parameter groups"),
    ([{"lr": 0.1}], TypeError, "group 0 must be a dict with the key 'params'"),
    ([{"params": {"W": Parameter(np.zeros(2))}, "betas": (0.9, 0.9)}], ValueError,
     r"unknown settings \['betas'\]"),
    ([{"params": {"W": Parameter(np.zeros(2))}, "lr": -1}], ValueError, r"lr must be .* got -1"),
    ([{"params": {}}], ValueError, r"group 0\): params is an empty parameter dict"),
])
def test_bad_groups(groups, error, match):
    with pytest.raises(error, match=match):
        SGD(groups, lr=0.1)


@pytest.mark.parametrize("name,kwargs", CASES, ids=IDS)
def test_state_dict_round_trip_continues_the_same_trajectory(name, kwargs):
    full, _, _ = nnbook_trajectory(name, kwargs, steps=10)
    _, model, opt = nnbook_trajectory(name, kwargs, steps=5)
    state = opt.state_dict()
    assert state["optimizer"] == name and state["t"] == 5
    # a fresh optimizer on a copy of the weights, loaded from the state, continues identically
    model2, _, _ = make_problem()
    for k, p in model2.parameters().items():
        p.value[...] = model.parameters()[k].value
    opt2 = NNBOOK[name](model2.parameters(), **kwargs)
    opt2.load_state_dict(state)
    rest, _, _ = nnbook_trajectory(name, kwargs, steps=5, opt=opt2, model=model2)
    assert_same_trajectory(rest, full[5:], f"{name}{kwargs} resumed", tol=0)


def test_state_dict_survives_savez(tmp_path):
    _, model, opt = nnbook_trajectory("Adam", {"lr": 0.01}, steps=3)
    np.savez(tmp_path / "s.npz", **opt.state_dict())
    with np.load(tmp_path / "s.npz", allow_pickle=False) as data:
        loaded = {k: data[k] for k in data.files}
    opt2 = Adam(model.parameters(), lr=0.5)
    opt2.load_state_dict(loaded)
    assert opt2.t == 3 and opt2.lr == 0.01
    np.testing.assert_array_equal(opt2.state["0.W"]["v"], opt.state["0.W"]["v"])


def test_state_dict_is_a_copy():
    model, _, _ = make_problem()
    opt = Adam(model.parameters())
    _, _, opt = nnbook_trajectory("Adam", {}, steps=2, opt=opt, model=model)
    state = opt.state_dict()
    before = state["m/0.W"].copy()
    nnbook_trajectory("Adam", {}, steps=1, opt=opt, model=model)
    np.testing.assert_array_equal(state["m/0.W"], before)


def snapshot(opt):
    return opt.state_dict()


def assert_unchanged(opt, before):
    after = opt.state_dict()
    assert after.keys() == before.keys()
    for k in before:
        np.testing.assert_array_equal(after[k], before[k], err_msg=k)


def test_load_state_dict_rejects_other_optimizers_and_leaves_the_optimizer_unchanged():
    _, model, opt = nnbook_trajectory("Adam", {"lr": 0.01}, steps=3)
    before = snapshot(opt)
    sgd = SGD(model.parameters(), lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="saved by SGD, not by Adam; build a SGD to load it"):
        opt.load_state_dict(sgd.state_dict())
    with pytest.raises(ValueError, match="saved by AdamW, not by Adam"):
        opt.load_state_dict(AdamW(model.parameters()).state_dict())
    no_name = {k: v for k, v in before.items() if k != "optimizer"}
    with pytest.raises(ValueError, match="not an nnbook optimizer"):
        opt.load_state_dict(no_name)
    with pytest.raises(TypeError, match="d must be the dict"):
        opt.load_state_dict([1, 2])
    other = Adam(Sequential(Linear(5, 4, rng=0)).parameters())
    with pytest.raises(ValueError, match="missing"):
        opt.load_state_dict(other.state_dict())
    amsgrad = Adam(model.parameters(), amsgrad=True)
    with pytest.raises(ValueError, match=r"unexpected \['vmax/0.W'"):
        opt.load_state_dict(amsgrad.state_dict())
    # a state that is wrong only at the end: nothing before it may have been copied
    bad = dict(before)
    bad["m/0.W"] = np.ones_like(bad["m/0.W"])
    bad["v/2.b"] = np.zeros((2, 2))
    with pytest.raises(ValueError, match=r"'v' of parameter '2.b' has shape \(2, 2\)"):
        opt.load_state_dict(bad)
    bad = dict(before, t=np.asarray(-1))
    with pytest.raises(ValueError, match="t must be an integer"):
        opt.load_state_dict(bad)
    bad = dict(before, lr=-0.1)
    with pytest.raises(ValueError, match="lr"):
        opt.load_state_dict(bad)
    bad = dict(before)
    bad["m/0.W"] = np.full_like(bad["m/0.W"], np.nan)
    with pytest.raises(ValueError, match="NaN"):
        opt.load_state_dict(bad)
    assert_unchanged(opt, before)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,kwargs", CASES[::2], ids=IDS[::2])
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
    with pytest.raises(ValueError, match="lr"):
        opt.lr = -1.0
    with pytest.raises(ValueError, match="lr"):
        opt.lr = float("nan")
    assert opt.lr == 0.0


def test_settings_are_readable_as_attributes():
    ps = {"W": Parameter(np.zeros(2))}
    opt = SGD(ps, lr=0.1, momentum=0.9)
    assert opt.momentum == 0.9 and opt.nesterov is False
    assert Adam(ps).betas == (0.9, 0.999)
    with pytest.raises(AttributeError, match="has no attribute 'betas'"):
        opt.betas


@pytest.mark.parametrize("make,match", [
    (lambda ps: SGD(ps, lr=0), r"lr must be .* got 0"),
    (lambda ps: SGD(ps, lr=-0.1), r"got -0.1"),
    (lambda ps: SGD(ps, lr=float("nan")), r"lr"),
    (lambda ps: SGD(ps, lr=0.1, momentum=1.0), r"momentum .* got 1.0"),
    (lambda ps: SGD(ps, lr=0.1, momentum=-0.5), r"momentum"),
    (lambda ps: SGD(ps, lr=0.1, nesterov=True), r"nesterov=True needs momentum > 0"),
    (lambda ps: SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), r"dampening 0"),
    (lambda ps: SGD(ps, lr=0.1, dampening=1.5), r"dampening"),
    (lambda ps: SGD(ps, lr=0.1, weight_decay=-1), r"weight_decay"),
    (lambda ps: Adam(ps, betas=(0.9, 1.0)), r"betas\[1\] must be a finite number in \[0, 1\)"),
    (lambda ps: Adam(ps, betas=(-0.1, 0.9)), r"betas\[0\]"),
    (lambda ps: AdamW(ps, betas=(1.2, 0.9)), r"AdamW: betas\[0\]"),
    (lambda ps: Adam(ps, eps=-1e-8), r"eps"),
    (lambda ps: RMSProp(ps, alpha=1.5), r"alpha .* got 1.5"),
    (lambda ps: Adagrad(ps, lr_decay=-1), r"lr_decay"),
    (lambda ps: Adagrad(ps, initial_accumulator_value=-0.1), r"initial_accumulator_value"),
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
    with pytest.raises(TypeError, match=r"Adam: betas must be a pair \(beta1, beta2\), got 0.9"):
        Adam(model.parameters(), betas=0.9)
    with pytest.raises(TypeError, match="'W' is a ndarray"):
        SGD({"W": np.zeros(3)}, lr=0.1)
    with pytest.raises(TypeError, match="floating-point"):
        SGD({"W": Parameter(np.zeros(3, dtype=int))}, lr=0.1)
    with pytest.raises(TypeError, match="amsgrad must be True or False"):
        Adam(model.parameters(), amsgrad=1)
    with pytest.raises(TypeError, match=r"SGD: lr must be a finite number in \(0, inf\), got '0.1' "
                                        r"\(a str\); pass lr=0.1 without quotes"):
        SGD(model.parameters(), lr="0.1")
    with pytest.raises(TypeError, match=r"Adam: betas\[0\] must be a finite number in \[0, 1\)"):
        Adam(model.parameters(), betas=(None, 0.9))


def test_grad_shape_mismatch_names_the_parameter_and_changes_nothing():
    p = Parameter(np.zeros((4, 3)))
    q = Parameter(np.zeros(3))
    q.grad = np.ones(3)
    p.grad = np.zeros((3, 4))
    opt = SGD({"b": q, "0.W": p}, lr=0.1)
    with pytest.raises(ValueError, match=r"parameter '0.W': grad shape \(3, 4\) differs from "
                                         r"value shape \(4, 3\)"):
        opt.step()
    assert opt.t == 0 and np.all(q.value == 0)


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


@pytest.mark.parametrize("clip_value", [0.05, 0.5, 10.0])
def test_clip_grad_value_matches_torch(clip_value):
    rng = np.random.default_rng(4)
    params = {f"p{i}": Parameter(rng.standard_normal(s)) for i, s in enumerate([(4, 3), (5,)])}
    for p in params.values():
        p.grad = rng.standard_normal(p.shape)
    tparams = [torch.tensor(p.value, requires_grad=True) for p in params.values()]
    for tp, p in zip(tparams, params.values()):
        tp.grad = torch.tensor(p.grad)
    torch.nn.utils.clip_grad_value_(tparams, clip_value)
    grads_before = [p.grad for p in params.values()]
    clip_grad_value(params, clip_value)
    for (k, p), tp, g in zip(params.items(), tparams, grads_before):
        assert p.grad is g                         # in place
        np.testing.assert_array_equal(p.grad, tp.grad.numpy(), err_msg=k)
    assert max(np.abs(p.grad).max() for p in params.values()) <= clip_value


def test_clipping_validates():
    p = Parameter(np.zeros(3))
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm({"W": p}, 0)
    with pytest.raises(ValueError, match="no parameters"):
        clip_grad_norm({}, 1.0)
    with pytest.raises(ValueError, match="clip_value"):
        clip_grad_value({"W": p}, -1)
    with pytest.raises(TypeError, match="not the model itself"):
        clip_grad_value(Sequential(Linear(2, 2, rng=0)), 1.0)
    assert clip_grad_norm([p], 1.0) == 0.0


def test_repr():
    p = {"W": Parameter(np.zeros(2))}
    assert repr(SGD(p, lr=0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9, 1 parameters)"
    assert repr(Adam(p)) == "Adam(lr=0.001, 1 parameters)"
    assert repr(Adam(p, betas=(0.8, 0.9), amsgrad=True)) == \
        "Adam(lr=0.001, betas=(0.8, 0.9), amsgrad=True, 1 parameters)"
    q = {"b": Parameter(np.zeros(2))}
    assert repr(AdamW([{"params": p}, {"params": q, "lr": 0.1}])) == \
        "AdamW(lr=0.001, 2 parameters, 2 groups)"
