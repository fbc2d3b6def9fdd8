r"""Optimizers: turn the gradients in ``Parameter.grad`` into updates of ``Parameter.value``.

Chapter: Optimization.

Every optimizer takes the dict ``model.parameters()`` (names such as ``"0.W"``) and a learning
rate. A training step is::

    model.zero_grad()                     # optional: Linear.backward overwrites its grads
    loss = loss_fn(model(X), y)
    model.backward(loss_fn.backward())
    opt.step()                            # p.value -= lr * (update computed from p.grad)

The update rules follow ``torch.optim`` symbol for symbol (and the tests compare trajectories
with it to 1e-10), so a model trained here and in PyTorch with the same settings moves the
same way. ``opt.lr`` is a plain attribute: a schedule (:mod:`nnbook.schedules`) sets it.
Weight decay adds :math:`\lambda w` to the gradient before anything else (L2 with the 1/2, see
:class:`nnbook.regularizers.L2`); it is *coupled* weight decay, as in ``torch.optim.Adam``, not
AdamW's decoupled form.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from nnbook.layers import Layer, Parameter


def _check_number(owner: str, name: str, value, *, low: float = 0.0, low_inclusive: bool = True,
                  high: float | None = None, high_inclusive: bool = False) -> float:
    """``value`` as a float in the given interval, or a ValueError naming the setting."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if ok:
        value = float(value)
        ok = np.isfinite(value) and (value >= low if low_inclusive else value > low)
        if ok and high is not None:
            ok = value <= high if high_inclusive else value < high
    if not ok:
        lo = f"{'[' if low_inclusive else '('}{low:g}"
        hi = "∞)" if high is None else f"{high:g}{']' if high_inclusive else ')'}"
        raise ValueError(f"{owner}: {name} must be a finite number in {lo}, {hi}, got {value!r}")
    return value


def _check_params(params, owner: str) -> dict[str, Parameter]:
    if isinstance(params, Layer):
        raise TypeError(f"{owner} expects the dict of parameters: pass model.parameters(), "
                        "not the model itself")
    if not isinstance(params, Mapping):
        raise TypeError(f"{owner} expects a dict name -> Parameter (model.parameters()), "
                        f"got {type(params).__name__}")
    if not params:
        raise ValueError(f"{owner} got an empty parameter dict: the model has nothing to train "
                         "(did you pass the parameters of an activation layer?)")
    for name, p in params.items():
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
    return grad


class Optimizer:
    """The common part: the parameters, ``lr``, a step counter and per-parameter buffers.

    Subclasses list their buffers in ``_buffers`` (each a zero array shaped like its parameter)
    and implement ``_update(p, g, state)``, which changes ``p.value`` in place.
    ``state_dict()`` / ``load_state_dict()`` save and restore ``lr``, the step count and every
    buffer, so training resumed from a checkpoint follows the same trajectory.
    """

    _buffers: tuple[str, ...] = ()
    weight_decay = 0.0

    def __init__(self, params: dict[str, Parameter], lr: float):
        owner = type(self).__name__
        self.params = _check_params(params, owner)
        self.lr = _check_number(owner, "lr", lr, low=0.0, low_inclusive=False)
        self.t = 0                                  # steps taken
        self.state: dict[str, dict[str, np.ndarray]] = {
            name: {b: np.zeros_like(p.value) for b in self._buffers}
            for name, p in self.params.items()}

    def zero_grad(self) -> None:
        """Set every gradient to zero (in place)."""
        for p in self.params.values():
            p.grad[...] = 0

    def step(self) -> None:
        """Update every parameter in place from its current ``grad``."""
        lr = _check_number(type(self).__name__, "lr", self.lr)   # a schedule may have set it
        grads = {name: _checked_grad(name, p) for name, p in self.params.items()}
        self.t += 1
        for name, p in self.params.items():
            g = grads[name].astype(p.value.dtype, copy=False)
            if self.weight_decay:
                g = g + self.weight_decay * p.value
            self._update(p, g, self.state[name], lr)

    def _update(self, p: Parameter, g: np.ndarray, state: dict[str, np.ndarray], lr: float) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not implement _update")

    # -- checkpoints -------------------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray | float]:
        """A flat dict: ``"lr"``, ``"t"`` and one copy of each buffer as ``"<buffer>/<param>"``
        (e.g. ``"m/0.W"``), ready for ``np.savez``."""
        d: dict[str, np.ndarray | float] = {"lr": float(self.lr), "t": int(self.t)}
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                d[f"{b}/{name}"] = arr.copy()
        return d

    def load_state_dict(self, d: Mapping[str, np.ndarray | float]) -> None:
        """Restore what :meth:`state_dict` returned; names and shapes must match."""
        owner = type(self).__name__
        expected = {"lr", "t"} | {f"{b}/{n}" for n in self.state for b in self._buffers}
        missing, unexpected = expected - set(d), set(d) - expected
        if missing or unexpected:
            raise ValueError(f"{owner}.load_state_dict: state does not fit these parameters: "
                             f"missing {sorted(missing)}, unexpected {sorted(unexpected)} "
                             "(was it saved by another optimizer or for another model?)")
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                new = np.asarray(d[f"{b}/{name}"])
                if new.shape != arr.shape:
                    raise ValueError(f"{owner}.load_state_dict: buffer {b!r} of parameter {name!r} "
                                     f"has shape {new.shape}, the parameter has {arr.shape}")
        for name, buffers in self.state.items():
            for b, arr in buffers.items():
                arr[...] = d[f"{b}/{name}"]
        self.lr = _check_number(owner, "lr", float(np.asarray(d["lr"])), low=0.0)
        self.t = int(np.asarray(d["t"]))

    def _settings(self) -> str:
        return f"lr={self.lr:g}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._settings()}, {len(self.params)} parameters)"


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    With :math:`g_t = \nabla_w L + \lambda w` (λ = ``weight_decay``) and μ = ``momentum``:

    .. math::
        v_t = \mu v_{t-1} + g_t \quad (v_1 = g_1), \qquad
        w \leftarrow w - \eta\,\begin{cases} g_t + \mu v_t & \text{nesterov} \\
                                            v_t & \text{otherwise} \end{cases}

    and plain :math:`w \leftarrow w - \eta g_t` when μ = 0.

    Note: this is PyTorch's form (``torch.optim.SGD`` with dampening 0): the velocity v
    accumulates *gradients* and the learning rate η multiplies it outside. CS231n and many texts
    write :math:`v \leftarrow \mu v - \eta g,\ w \leftarrow w + v`, where v accumulates *steps*.
    For a constant η the two are the same trajectory; they differ when η changes during
    training (a schedule), because here a new η rescales the whole velocity at once.

    Parameters
    ----------
    params : dict name -> Parameter, usually ``model.parameters()``.
    lr : η > 0.
    momentum : μ in [0, 1).
    nesterov : use Nesterov momentum (needs μ > 0).
    weight_decay : λ ≥ 0, adds λ w to the gradient.
    """

    _buffers = ("v",)

    def __init__(self, params: dict[str, Parameter], lr: float, *, momentum: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0):
        self.momentum = _check_number("SGD", "momentum", momentum, high=1.0)
        self.weight_decay = _check_number("SGD", "weight_decay", weight_decay)
        if nesterov and self.momentum == 0:
            raise ValueError("SGD: nesterov=True needs momentum > 0, got momentum=0")
        self.nesterov = bool(nesterov)
        if self.momentum == 0:
            self._buffers = ()                      # plain SGD keeps no state
        super().__init__(params, lr)

    def _update(self, p, g, state, lr):
        mu = self.momentum
        if mu != 0:
            v = state["v"]
            if self.t == 1:
                v[...] = g                          # v_1 = g_1
            else:
                v *= mu
                v += g                              # v_t = mu v_{t-1} + g_t
            g = g + mu * v if self.nesterov else v
        p.value -= lr * g

    def _settings(self) -> str:
        s = super()._settings()
        if self.momentum:
            s += f", momentum={self.momentum:g}" + (", nesterov=True" if self.nesterov else "")
        if self.weight_decay:
            s += f", weight_decay={self.weight_decay:g}"
        return s


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), as ``torch.optim.Adam``.

    With :math:`g_t = \nabla_w L + \lambda w` and step count t = 1, 2, ...:

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,

        w \leftarrow w - \frac{\eta}{1-\beta_1^t}\,
              \frac{m_t}{\sqrt{v_t}\,/\sqrt{1-\beta_2^t} + \epsilon}

    with :math:`m_0 = v_0 = 0`. The factors :math:`1/(1-\beta^t)` undo the bias of the running
    means towards their zero start. Note: ε is added *after* the bias correction of
    :math:`\sqrt{v_t}`, as in PyTorch; the paper's :math:`\hat m / (\sqrt{\hat v} + ε)` is the
    same formula. Weight decay is coupled (added to g), not AdamW's.

    Parameters
    ----------
    params : dict name -> Parameter.
    lr : η > 0 (default 1e-3).
    betas : (β1, β2), each in [0, 1).
    eps : ε > 0 (≥ 0 accepted), keeps the division finite.
    weight_decay : λ ≥ 0.
    """

    _buffers = ("m", "v")

    def __init__(self, params: dict[str, Parameter], lr: float = 1e-3, *,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0):
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_check_number("Adam", "betas[0]", betas[0], high=1.0),
                      _check_number("Adam", "betas[1]", betas[1], high=1.0))
        self.eps = _check_number("Adam", "eps", eps)
        self.weight_decay = _check_number("Adam", "weight_decay", weight_decay)
        super().__init__(params, lr)

    def _update(self, p, g, state, lr):
        beta1, beta2 = self.betas
        m, v = state["m"], state["v"]
        m += (1 - beta1) * (g - m)                  # m_t = beta1 m + (1 - beta1) g
        v *= beta2
        v += (1 - beta2) * g * g                    # v_t = beta2 v + (1 - beta2) g^2
        bias1 = 1 - beta1 ** self.t
        bias2 = 1 - beta2 ** self.t
        denom = np.sqrt(v) / math.sqrt(bias2) + self.eps
        p.value -= (lr / bias1) * (m / denom)

    def _settings(self) -> str:
        s = f"{super()._settings()}, betas={self.betas}, eps={self.eps:g}"
        return s + (f", weight_decay={self.weight_decay:g}" if self.weight_decay else "")


class RMSProp(Optimizer):
    r"""RMSProp (Hinton's lecture 6e), as ``torch.optim.RMSprop`` (not centered).

    With :math:`g_t = \nabla_w L + \lambda w`, α = ``alpha`` and μ = ``momentum``:

    .. math::
        s_t = \alpha s_{t-1} + (1-\alpha) g_t^2, \qquad
        u_t = \frac{g_t}{\sqrt{s_t} + \epsilon},

        b_t = \mu b_{t-1} + u_t, \qquad w \leftarrow w - \eta\, b_t

    with :math:`s_0 = b_0 = 0`; with μ = 0 simply :math:`w \leftarrow w - \eta u_t`.
    Unlike Adam there is no bias correction: the first steps are larger than 1·η
    (:math:`s_1 = (1-α) g_1^2`, so :math:`u_1 ≈ g_1/(\sqrt{1-α}\,|g_1|)`, 10 η per entry for
    α = 0.99).

    Parameters
    ----------
    params : dict name -> Parameter.
    lr : η > 0 (default 1e-2, PyTorch's).
    alpha : smoothing constant α in [0, 1).
    eps : ε ≥ 0.
    momentum : μ in [0, 1).
    weight_decay : λ ≥ 0.
    """

    _buffers = ("s", "b")

    def __init__(self, params: dict[str, Parameter], lr: float = 1e-2, *, alpha: float = 0.99,
                 eps: float = 1e-8, momentum: float = 0.0, weight_decay: float = 0.0):
        self.alpha = _check_number("RMSProp", "alpha", alpha, high=1.0)
        self.eps = _check_number("RMSProp", "eps", eps)
        self.momentum = _check_number("RMSProp", "momentum", momentum, high=1.0)
        self.weight_decay = _check_number("RMSProp", "weight_decay", weight_decay)
        if self.momentum == 0:
            self._buffers = ("s",)
        super().__init__(params, lr)

    def _update(self, p, g, state, lr):
        s = state["s"]
        s *= self.alpha
        s += (1 - self.alpha) * g * g               # s_t = alpha s + (1 - alpha) g^2
        u = g / (np.sqrt(s) + self.eps)
        if self.momentum:
            b = state["b"]
            b *= self.momentum
            b += u                                  # b_t = mu b + u_t
            u = b
        p.value -= lr * u

    def _settings(self) -> str:
        s = f"{super()._settings()}, alpha={self.alpha:g}, eps={self.eps:g}"
        if self.momentum:
            s += f", momentum={self.momentum:g}"
        return s + (f", weight_decay={self.weight_decay:g}" if self.weight_decay else "")


def clip_grad_norm(params: dict[str, Parameter] | Iterable[Parameter], max_norm: float) -> float:
    r"""Scale all gradients together so that their joint L2 norm is at most ``max_norm``.

    .. math:: \lVert g\rVert = \sqrt{\textstyle\sum_p \lVert g_p\rVert_2^2}, \qquad
              g_p \leftarrow g_p \cdot \min\Big(1, \frac{\text{max\_norm}}{\lVert g\rVert + 10^{-6}}\Big)

    as ``torch.nn.utils.clip_grad_norm_``. The direction of the whole gradient is kept.
    Call it between ``model.backward`` and ``opt.step()``. Returns :math:`\lVert g\rVert`
    *before* clipping (useful to log).
    """
    max_norm = _check_number("clip_grad_norm", "max_norm", max_norm, low=0.0, low_inclusive=False)
    if isinstance(params, Mapping):
        named = list(params.items())
    else:
        named = [(str(i), p) for i, p in enumerate(params)]
    if not named:
        raise ValueError("clip_grad_norm got no parameters")
    grads = [_checked_grad(name, p) for name, p in named]
    total = float(np.sqrt(sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    if coef < 1.0:
        for _, p in named:
            p.grad = p.grad * np.asarray(coef, dtype=p.grad.dtype)
    return total
