r"""Optimizers: turn the gradients in ``Parameter.grad`` into updates of ``Parameter.value``.

Chapter: Optimization, sections "Momentum, RMSProp and Adam" and "Comparing optimizers".

Every optimizer takes the dict ``model.parameters()`` (names such as ``"0.W"``) and a learning
rate. A training step is::

    model.zero_grad()                     # gradients accumulate: clear them first
    loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    clip_grad_norm(model.parameters(), 5.0)   # optional
    opt.step()                            # p.value -= lr * (update computed from p.grad)

The update rules follow ``torch.optim`` symbol for symbol (the tests compare 60-step
trajectories with it in float64), so a model trained here and in PyTorch with the same settings
moves the same way. Each class lists its update in its docstring.

**Parameter groups.** Instead of one dict, pass a list of groups, each a dict with the key
``"params"`` (a dict name -> Parameter) and any settings that differ from the optimizer's, e.g.
no weight decay on biases and a smaller rate for the first layer::

    SGD([{"params": weights, "weight_decay": 1e-4},
         {"params": biases},
         {"params": first_layer, "lr": 0.01}], lr=0.1, momentum=0.9)

A parameter may belong to one group only.

**The learning rate.** ``opt.lr`` is the base rate; a schedule (:mod:`nnbook.schedules`)
sets it. Setting it rescales every group's rate by the same factor, so a group created with
half the base rate keeps half of whatever the schedule sets (as torch's schedulers scale each
group's initial rate).

**Weight decay** (``weight_decay`` λ) adds :math:`\lambda w` to the gradient before anything
else in SGD, RMSProp, Adam and Adagrad: it is L2 regularization
(:class:`nnbook.regularizers.L2`, the penalty :math:`\frac{\lambda}{2}\lVert w\rVert^2`) in
another form. :class:`AdamW` decouples it instead (Loshchilov & Hutter, 2019).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from nnbook import _validate
from nnbook.layers import Layer, Parameter

__all__ = ["Optimizer", "SGD", "RMSProp", "Adam", "AdamW", "Adagrad",
           "clip_grad_norm", "clip_grad_value"]


# -- validation ------------------------------------------------------------------------------------
def _bound(x: float | None):
    """A bound as the message prints it: 0 and 1, not 0.0 and 1.0."""
    return None if x is None else (int(x) if float(x).is_integer() else x)


def _check_number(owner: str, name: str, value, *, low: float = 0.0, low_inclusive: bool = True,
                  high: float | None = None, high_inclusive: bool = False) -> float:
    """``value`` as a float in the given interval, through :func:`nnbook._validate.number`: a
    TypeError for something that is not a number, a ValueError naming the setting otherwise."""
    return _validate.number(value, name, owner, low=_bound(low), high=_bound(high),
                            low_open=not low_inclusive, high_open=not high_inclusive)


def _check_bool(owner: str, name: str, value) -> bool:
    return _validate.flag(value, name, owner)


def _check_params(params, owner: str) -> dict[str, Parameter]:
    if isinstance(params, Layer):
        raise TypeError(f"{owner}: params must be the dict of parameters: pass model.parameters(), "
                        "not the model itself")
    if not isinstance(params, Mapping):
        raise TypeError(f"{owner}: params must be a dict name -> Parameter (model.parameters()) or a "
                        f"list of groups {{'params': dict, ...}}, got {type(params).__name__}")
    if not params:
        raise ValueError(f"{owner}: params is an empty parameter dict: nothing to train "
                         "(did you pass the parameters of an activation layer?)")
    for name, p in params.items():
        if not isinstance(name, str):
            raise TypeError(f"{owner}: parameter names must be strings, got {name!r}")
        if not isinstance(p, Parameter):
            raise TypeError(f"{owner}: parameter {name!r} is a {type(p).__name__}, not a Parameter")
        if not np.issubdtype(p.value.dtype, np.floating):
            raise TypeError(f"{owner}: parameter {name!r} has dtype {p.value.dtype}; "
                            "only floating-point parameters can be trained")
    return dict(params)


def _checked_grad(name: str, p: Parameter) -> np.ndarray:
    grad = np.asarray(p.grad)
    if grad.shape != p.value.shape:
        raise ValueError(f"parameter {name!r}: grad shape {grad.shape} differs from value shape "
                         f"{p.value.shape}; the layer's backward must fill grad with the "
                         "parameter's shape")
    if grad.dtype.kind not in "fiu":
        raise TypeError(f"parameter {name!r}: grad must hold real numbers, got dtype {grad.dtype}; "
                        "a complex or object gradient would be cast (the imaginary part dropped) "
                        "in the update")
    if not p.value.flags.writeable:
        raise ValueError(f"parameter {name!r}: its value is a read-only array, which the step "
                         "cannot update in place; give the Parameter a writable copy (value.copy())")
    return grad


# Every setting an optimizer takes, with its allowed interval (low, low_inclusive, high,
# high_inclusive); one table renders every error message.
_RANGES = {
    "lr": (0.0, False, None, False),
    "momentum": (0.0, True, 1.0, False),
    "dampening": (0.0, True, 1.0, True),
    "weight_decay": (0.0, True, None, False),
    "alpha": (0.0, True, 1.0, False),
    "eps": (0.0, True, None, False),
    "lr_decay": (0.0, True, None, False),
    "initial_accumulator_value": (0.0, True, None, False),
    "beta1": (0.0, True, 1.0, False),
    "beta2": (0.0, True, 1.0, False),
}
_FLAGS = ("nesterov", "centered", "amsgrad")


class Optimizer:
    """The common part: parameter groups, the base rate ``lr``, a step counter ``t`` and the
    per-parameter buffers in ``state``.

    Subclasses set ``defaults`` (their settings), name the buffers a group needs in
    ``_buffers(group)`` (each a zero array shaped like its parameter) and implement
    ``_update(p, g, state, group)``, which changes ``p.value`` in place from the gradient g.
    ``state_dict()`` / ``load_state_dict()`` save and restore the rates, the step count and
    every buffer, so training resumed from a checkpoint follows the same trajectory.
    """

    def __init__(self, params, defaults: dict):
        owner = type(self).__name__
        self.defaults = {k: self._check_setting(k, v) for k, v in defaults.items()}
        if isinstance(params, (list, tuple)):
            if not params:
                raise ValueError(f"{owner}: params is an empty list of parameter groups; "
                                 "pass params=model.parameters()")
            raw_groups = params
        else:
            raw_groups = [{"params": params}]
        self.param_groups: list[dict] = []
        seen: dict[int, str] = {}
        self.params: dict[str, Parameter] = {}
        for i, raw in enumerate(raw_groups):
            if not isinstance(raw, Mapping) or "params" not in raw:
                raise TypeError(f"{owner}: parameter group {i} must be a dict with the key "
                                f"'params' (a dict name -> Parameter), got {raw!r:.80}")
            unknown = set(raw) - {"params"} - set(self.defaults)
            if unknown:
                raise ValueError(f"{owner}: parameter group {i} has unknown settings "
                                 f"{sorted(unknown)}; {owner} takes {sorted(self.defaults)}")
            group_params = _check_params(raw["params"], f"{owner} (group {i})")
            for name, p in group_params.items():
                if id(p) in seen or name in self.params:
                    other = seen.get(id(p), name)
                    raise ValueError(f"{owner}: parameter {name!r} of group {i} is already in "
                                     f"another group (as {other!r}); a parameter may belong to "
                                     "one group only")
                seen[id(p)] = name
                self.params[name] = p
            group = dict(self.defaults)
            group.update({k: self._check_setting(k, v) for k, v in raw.items() if k != "params"})
            self._check_group(group)
            group["params"] = group_params
            self.param_groups.append(group)
        self._lr = self.defaults["lr"]
        self._lr_factors = [g["lr"] / self._lr for g in self.param_groups]
        self.t = 0                                  # steps taken
        self.state: dict[str, dict[str, np.ndarray]] = {
            name: {b: np.zeros_like(p.value) for b in self._buffers(group)}
            for group in self.param_groups for name, p in group["params"].items()}
        self._init_state()

    # -- settings --------------------------------------------------------------------------------
    def _check_setting(self, name: str, value):
        owner = type(self).__name__
        if name == "betas":
            value = _validate.pair(value, "betas", owner, "(beta1, beta2)")
            return (self._check_setting("beta1", value[0]), self._check_setting("beta2", value[1]))
        if name in _FLAGS:
            return _check_bool(owner, name, value)
        low, low_inc, high, high_inc = _RANGES[name]
        label = {"beta1": "betas[0]", "beta2": "betas[1]"}.get(name, name)
        return _check_number(owner, label, value, low=low, low_inclusive=low_inc, high=high,
                             high_inclusive=high_inc)

    def _check_group(self, group: dict) -> None:
        """Checks that involve several settings of one group (subclasses add theirs)."""

    def _buffers(self, group: dict) -> tuple[str, ...]:
        return ()

    def _init_state(self) -> None:
        """Fill buffers that do not start at zero (Adagrad's accumulator)."""

    @property
    def lr(self) -> float:
        """The base learning rate; setting it rescales every group's rate by the same factor."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        value = _check_number(type(self).__name__, "lr", value)      # 0 allowed: a schedule's end
        for group, factor in zip(self.param_groups, self._lr_factors):
            group["lr"] = value * factor
        self._lr = value

    def __getattr__(self, name: str):
        defaults = self.__dict__.get("defaults", {})
        if name in defaults:                        # opt.momentum, opt.betas, ...
            return defaults[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    # -- the step --------------------------------------------------------------------------------
    def zero_grad(self) -> None:
        """Set every gradient to zero (``Parameter.zero_grad``: in place, lazily)."""
        for p in self.params.values():
            p.zero_grad()

    def step(self) -> None:
        """Update every parameter in place from its current ``grad``."""
        grads = {name: _checked_grad(name, p) for name, p in self.params.items()}
        self.t += 1
        for group in self.param_groups:
            for name, p in group["params"].items():
                g = grads[name].astype(p.value.dtype, copy=False)
                self._update(p, g, self.state[name], group)

    def _update(self, p: Parameter, g: np.ndarray, state: dict[str, np.ndarray], group: dict) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not implement _update")

    # -- checkpoints -------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray | float | int | str]:
        """A flat dict, ready for ``np.savez``: ``"optimizer"`` (the class name), ``"lr"``,
        ``"t"``, each group's rate as ``"lr/<group>"`` and a copy of each buffer as
        ``"<buffer>/<param>"`` (e.g. ``"m/0.W"``)."""
        d: dict = {"optimizer": type(self).__name__, "lr": float(self._lr), "t": int(self.t)}
        for i, group in enumerate(self.param_groups):
            d[f"lr/{i}"] = float(group["lr"])
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                d[f"{b}/{name}"] = arr.copy()
        return d

    def load_state_dict(self, d: Mapping) -> None:
        """Restore what :meth:`state_dict` returned. Everything is checked before anything
        changes: the optimizer class, the names and shapes of the buffers, the numbers; on a
        mismatch a ValueError says what differs and the optimizer is left as it was."""
        owner = type(self).__name__
        if not isinstance(d, Mapping):
            raise TypeError(f"{owner}.load_state_dict: d must be the dict state_dict() returned, "
                            f"got {type(d).__name__}")
        saved_by = str(np.asarray(d["optimizer"])) if "optimizer" in d else None
        if saved_by != owner:
            raise ValueError(f"{owner}.load_state_dict: this state was saved by "
                             f"{saved_by or 'something that is not an nnbook optimizer'}, "
                             f"not by {owner}; build a {saved_by or owner} to load it")
        expected = ({"optimizer", "lr", "t"} | {f"lr/{i}" for i in range(len(self.param_groups))}
                    | {f"{b}/{n}" for n, bufs in self.state.items() for b in bufs})
        missing, unexpected = expected - set(d), set(d) - expected
        if missing or unexpected:
            raise ValueError(f"{owner}.load_state_dict: state does not fit these parameters: "
                             f"missing {sorted(missing)}, unexpected {sorted(unexpected)} "
                             "(was it saved with other settings, groups or another model?)")
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                new = np.asarray(d[f"{b}/{name}"])
                if new.shape != arr.shape:
                    raise ValueError(f"{owner}.load_state_dict: buffer {b!r} of parameter {name!r} "
                                     f"has shape {new.shape}, the parameter has {arr.shape}")
                if not np.all(np.isfinite(new)):
                    raise ValueError(f"{owner}.load_state_dict: buffer {b!r} of parameter {name!r} "
                                     "holds NaN or infinite values")
        lr = _check_number(owner, "lr", float(np.asarray(d["lr"])))
        group_lrs = [_check_number(owner, f"lr/{i}", float(np.asarray(d[f"lr/{i}"])))
                     for i in range(len(self.param_groups))]
        t = np.asarray(d["t"])
        if t.shape != () or not np.issubdtype(t.dtype, np.integer) or int(t) < 0:
            raise ValueError(f"{owner}.load_state_dict: t must be an integer ≥ 0, got {d['t']!r}")
        # everything checked: now change
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                arr[...] = d[f"{b}/{name}"]
        self._lr, self.t = lr, int(t)
        for group, glr in zip(self.param_groups, group_lrs):
            group["lr"] = glr

    def _settings(self) -> str:
        shown = [f"lr={self._lr:g}"]
        for k, default in type(self)._shown.items():
            v = self.defaults[k]
            if v != default:
                shown.append(f"{k}={v}" if isinstance(v, (tuple, bool)) else f"{k}={v:g}")
        return ", ".join(shown)

    _shown: dict = {}

    def __repr__(self) -> str:
        groups = f", {len(self.param_groups)} groups" if len(self.param_groups) > 1 else ""
        return f"{type(self).__name__}({self._settings()}, {len(self.params)} parameters{groups})"


def _decayed(g: np.ndarray, p: Parameter, weight_decay: float) -> np.ndarray:
    """:math:`g + \\lambda w` (coupled weight decay, L2 in the gradient)."""
    return g + weight_decay * p.value if weight_decay else g


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    With :math:`g_t = \nabla_w L + \lambda w` (λ = ``weight_decay``), μ = ``momentum`` and
    τ = ``dampening``:

    .. math::
        v_1 = g_1, \qquad v_t = \mu v_{t-1} + (1-\tau)\, g_t, \qquad
        w \leftarrow w - \eta\,\begin{cases} g_t + \mu v_t & \text{nesterov} \\
                                            v_t & \text{otherwise} \end{cases}

    and plain :math:`w \leftarrow w - \eta g_t` when μ = 0.

    Note: this is PyTorch's form (``torch.optim.SGD``): the velocity v accumulates *gradients*
    and the learning rate η multiplies it outside. CS231n, the Technion course and many texts
    write :math:`v \leftarrow \mu v - \eta g,\ w \leftarrow w + v`, where v accumulates
    *steps*. For a constant η the two give the same trajectory (the chapter shows it); they
    differ when η changes during training, because here a new η rescales the whole velocity
    at once. Likewise Nesterov's "look-ahead" gradient :math:`\nabla L(w + \mu v)` is rewritten
    (Sutskever et al., 2013; Bengio et al., 2013) so that only the gradient at the current w
    is needed.

    Parameters
    ----------
    params : dict name -> Parameter (``model.parameters()``), or a list of parameter groups.
    lr : η > 0.
    momentum : μ in [0, 1).
    dampening : τ in [0, 1]; 0 unless you know you want it (needs nesterov False).
    nesterov : use Nesterov momentum (needs μ > 0 and τ = 0).
    weight_decay : λ ≥ 0, adds λ w to the gradient.
    """

    _shown = {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}

    def __init__(self, params, lr: float, *, momentum: float = 0.0, dampening: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      nesterov=nesterov, weight_decay=weight_decay))

    def _check_group(self, group):
        if group["nesterov"] and (group["momentum"] == 0 or group["dampening"] != 0):
            raise ValueError(f"SGD: nesterov=True needs momentum > 0 and dampening 0, got "
                             f"momentum={group['momentum']:g}, dampening={group['dampening']:g}")

    def _buffers(self, group):
        return ("v",) if group["momentum"] else ()  # plain SGD keeps no state

    def _update(self, p, g, state, group):
        g = _decayed(g, p, group["weight_decay"])
        mu = group["momentum"]
        if mu:
            v = state["v"]
            if self.t == 1:
                v[...] = g                          # v_1 = g_1
            else:
                v *= mu
                v += (1 - group["dampening"]) * g   # v_t = mu v_{t-1} + (1 - tau) g_t
            g = g + mu * v if group["nesterov"] else v
        p.value -= group["lr"] * g


class RMSProp(Optimizer):
    r"""RMSProp (Hinton's lecture 6e), as ``torch.optim.RMSprop``.

    With :math:`g_t = \nabla_w L + \lambda w`, α = ``alpha`` and μ = ``momentum``:

    .. math::
        s_t = \alpha s_{t-1} + (1-\alpha) g_t^2, \qquad
        u_t = \frac{g_t}{\sqrt{s_t} + \epsilon}, \qquad
        b_t = \mu b_{t-1} + u_t, \qquad w \leftarrow w - \eta\, b_t

    with :math:`s_0 = b_0 = 0`; with μ = 0 simply :math:`w \leftarrow w - \eta u_t`.
    ``centered=True`` (Graves, 2013) also keeps the mean :math:`\bar g_t = \alpha \bar g_{t-1}
    + (1-\alpha) g_t` and divides by an estimate of the standard deviation instead,
    :math:`\sqrt{s_t - \bar g_t^2} + \epsilon`.

    Unlike Adam there is no bias correction: the first steps are larger than η
    (:math:`s_1 = (1-α) g_1^2`, so :math:`u_1 ≈ g_1/(\sqrt{1-α}\,|g_1|)`, 10 η per entry for
    α = 0.99).

    Parameters
    ----------
    params : dict name -> Parameter, or a list of parameter groups.
    lr : η > 0 (default 1e-2, PyTorch's).
    alpha : smoothing constant α in [0, 1).
    eps : ε ≥ 0.
    momentum : μ in [0, 1).
    centered : divide by the (running) standard deviation of g instead of its RMS.
    weight_decay : λ ≥ 0.
    """

    _shown = {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0}

    def __init__(self, params, lr: float = 1e-2, *, alpha: float = 0.99, eps: float = 1e-8,
                 momentum: float = 0.0, centered: bool = False, weight_decay: float = 0.0):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, momentum=momentum,
                                      centered=centered, weight_decay=weight_decay))

    def _buffers(self, group):
        return (("s",) + (("gbar",) if group["centered"] else ())
                + (("b",) if group["momentum"] else ()))

    def _update(self, p, g, state, group):
        g = _decayed(g, p, group["weight_decay"])
        alpha = group["alpha"]
        s = state["s"]
        s *= alpha
        s += (1 - alpha) * g * g                    # s_t = alpha s + (1 - alpha) g^2
        if group["centered"]:
            gbar = state["gbar"]
            gbar *= alpha
            gbar += (1 - alpha) * g                 # gbar_t = alpha gbar + (1 - alpha) g
            denom = np.sqrt(s - gbar * gbar) + group["eps"]
        else:
            denom = np.sqrt(s) + group["eps"]
        u = g / denom
        if group["momentum"]:
            b = state["b"]
            b *= group["momentum"]
            b += u                                  # b_t = mu b + u_t
            u = b
        p.value -= group["lr"] * u


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), as ``torch.optim.Adam``.

    With :math:`g_t = \nabla_w L + \lambda w` and the step count t = 1, 2, ...:

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \qquad
        \hat m_t = \frac{m_t}{1-\beta_1^t}, \quad \hat v_t = \frac{v_t}{1-\beta_2^t},

        w \leftarrow w - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with :math:`m_0 = v_0 = 0`. The factors :math:`1/(1-\beta^t)` undo the bias of the running
    means towards their zero start. ``amsgrad=True`` (Reddi et al., 2018) divides by the
    largest :math:`\hat v` seen so far instead (precisely: :math:`\max_{s\le t} v_s`, then
    corrected), so the effective step never grows. Weight decay here is coupled (added to g);
    :class:`AdamW` decouples it.

    Parameters
    ----------
    params : dict name -> Parameter, or a list of parameter groups.
    lr : η > 0 (default 1e-3).
    betas : (β1, β2), each in [0, 1).
    eps : ε ≥ 0, keeps the division finite.
    weight_decay : λ ≥ 0.
    amsgrad : use the running maximum of v.
    """

    _shown = {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}

    def __init__(self, params, lr: float = 1e-3, *, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad))

    def _buffers(self, group):
        return ("m", "v", "vmax") if group["amsgrad"] else ("m", "v")

    def _update(self, p, g, state, group):
        g = _decayed(g, p, group["weight_decay"])
        self._adam_step(p, g, state, group)

    def _adam_step(self, p, g, state, group):
        beta1, beta2 = group["betas"]
        m, v = state["m"], state["v"]
        m *= beta1
        m += (1 - beta1) * g                        # m_t = beta1 m + (1 - beta1) g
        v *= beta2
        v += (1 - beta2) * g * g                    # v_t = beta2 v + (1 - beta2) g^2
        if group["amsgrad"]:
            np.maximum(state["vmax"], v, out=state["vmax"])
            v = state["vmax"]
        bias1 = 1 - beta1 ** self.t
        bias2 = 1 - beta2 ** self.t
        denom = np.sqrt(v) / math.sqrt(bias2) + group["eps"]    # sqrt(v_hat) + eps
        p.value -= (group["lr"] / bias1) * (m / denom)          # lr * m_hat / (...)


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as ``torch.optim.AdamW``.

    The weights shrink by a factor before Adam's step, which uses the gradient of the loss
    alone:

    .. math::
        w \leftarrow (1 - \eta\lambda)\, w, \qquad
        w \leftarrow w - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
        \quad (m_t, v_t \text{ from } g_t = \nabla_w L)

    Adam with ``weight_decay`` puts λw into g, where the division by :math:`\sqrt{\hat v}`
    rescales it per coordinate: weights with large gradients are barely decayed. AdamW decays
    every weight at the same rate ηλ. Default λ = 0.01, PyTorch's.

    Parameters: as :class:`Adam`.
    """

    _shown = {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01, "amsgrad": False}

    def __init__(self, params, lr: float = 1e-3, *, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01, amsgrad: bool = False):
        super().__init__(params, lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)

    def _update(self, p, g, state, group):
        p.value *= 1 - group["lr"] * group["weight_decay"]     # decoupled decay
        self._adam_step(p, g, state, group)


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as ``torch.optim.Adagrad``.

    With :math:`g_t = \nabla_w L + \lambda w`, the accumulated squares start at
    :math:`G_0` = ``initial_accumulator_value``:

    .. math::
        G_t = G_{t-1} + g_t^2, \qquad
        \eta_t = \frac{\eta}{1 + (t-1)\,\delta}, \qquad
        w \leftarrow w - \eta_t\, \frac{g_t}{\sqrt{G_t} + \epsilon}

    (δ = ``lr_decay``). Each coordinate's step shrinks as its squared gradients add up, for
    ever: fine for convex problems and sparse features, too early a stop for deep networks,
    which is what RMSProp's running mean fixes.

    Parameters
    ----------
    params : dict name -> Parameter, or a list of parameter groups.
    lr : η > 0 (default 1e-2).
    lr_decay : δ ≥ 0.
    weight_decay : λ ≥ 0.
    initial_accumulator_value : G_0 ≥ 0.
    eps : ε ≥ 0 (default 1e-10, PyTorch's).
    """

    _shown = {"lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0,
              "eps": 1e-10}

    def __init__(self, params, lr: float = 1e-2, *, lr_decay: float = 0.0,
                 weight_decay: float = 0.0, initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10):
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, eps=eps))

    def _buffers(self, group):
        return ("G",)

    def _init_state(self):
        for group in self.param_groups:
            for name in group["params"]:
                self.state[name]["G"][...] = group["initial_accumulator_value"]

    def _update(self, p, g, state, group):
        g = _decayed(g, p, group["weight_decay"])
        G = state["G"]
        G += g * g                                  # G_t = G_{t-1} + g^2
        lr_t = group["lr"] / (1 + (self.t - 1) * group["lr_decay"])
        p.value -= lr_t * g / (np.sqrt(G) + group["eps"])


# -- gradient clipping -------------------------------------------------------------------------------
def _named(params, owner: str) -> list[tuple[str, Parameter]]:
    if isinstance(params, Layer):
        raise TypeError(f"{owner}: params must be model.parameters(), not the model itself")
    named = list(_validate.parameters(params, "params", owner).items())
    if not named:
        raise ValueError(f"{owner}: params is empty: no parameters to clip")
    return named


def clip_grad_norm(params: Mapping[str, Parameter] | Iterable[Parameter], max_norm: float) -> float:
    r"""Scale all gradients together so that their joint L2 norm is at most ``max_norm``.

    .. math:: \lVert g\rVert = \sqrt{\textstyle\sum_p \lVert g_p\rVert_2^2}, \qquad
              g_p \leftarrow g_p \cdot \min\Big(1, \frac{\text{max\_norm}}{\lVert g\rVert + 10^{-6}}\Big)

    as ``torch.nn.utils.clip_grad_norm_``. The direction of the whole gradient is kept; only
    its length is capped, which tames the rare huge step (exploding gradients) without
    changing the ordinary ones. Call it between ``model.backward`` and ``opt.step()`` (the
    Trainer does with ``clip_norm=``). Returns :math:`\lVert g\rVert` *before* clipping
    (useful to log).
    """
    max_norm = _check_number("clip_grad_norm", "max_norm", max_norm, low=0.0, low_inclusive=False)
    named = _named(params, "clip_grad_norm")
    grads = [_checked_grad(name, p) for name, p in named]
    total = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    if coef < 1.0:
        for _, p in named:
            p.grad *= np.asarray(coef, dtype=p.grad.dtype)
    return total


def clip_grad_value(params: Mapping[str, Parameter] | Iterable[Parameter], clip_value: float) -> None:
    r"""Clip every gradient entry to :math:`[-c, c]` (c = ``clip_value``) in place, as
    ``torch.nn.utils.clip_grad_value_``.

    Unlike :func:`clip_grad_norm` this changes the direction of the gradient (large entries
    are cut, small ones kept).
    """
    c = _check_number("clip_grad_value", "clip_value", clip_value, low=0.0, low_inclusive=False)
    for name, p in _named(params, "clip_grad_value"):
        _checked_grad(name, p)
        np.clip(p.grad, -c, c, out=p.grad)
