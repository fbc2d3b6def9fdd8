r"""Gradient flow: where a deep network's signal and gradient grow or die, layer by layer.

Chapter: Deep networks, sections "Vanishing and exploding gradients" and "Residual
connections as gradient paths"; used again by the CNN chapter's experiments.

Two instruments, for nnbook models and ``torch.nn.Module`` alike:

- :func:`layer_statistics` runs one forward and backward pass and returns, for every layer
  (by default the leaves of the tree), the distribution of its output and of the gradient
  flowing back into that output (mean, standard deviation, percentiles), and the norm of its
  parameters' gradients.
- :class:`GradientMonitor` follows training: at every step, each parameter's gradient norm
  :math:`\lVert g\rVert` and its *update-to-weight ratio*
  :math:`\lVert \Delta W\rVert / \lVert W\rVert` (healthy training is often quoted near
  :math:`10^{-3}`; orders of magnitude below means a layer that does not learn, above means
  one that is thrown around). Pass it to the Trainer, ``Trainer(..., callbacks=[monitor])``,
  or call :meth:`~GradientMonitor.before_step` and :meth:`~GradientMonitor.after_step` around
  ``optimizer.step()`` in a torch loop.

Nothing here changes what the model computes: the recording wrappers and hooks are removed
when the measurement ends, even after an error.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np

from nnbook import _validate as check
from nnbook.layers import Layer
from nnbook.losses import Loss

PERCENTILES = (5, 25, 50, 75, 95)


def _is_torch(model) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(model, torch.nn.Module)


def _summary(a: np.ndarray, percentiles) -> dict:
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    return {"mean": float(a.mean()), "std": float(a.std()), "rms": float(np.sqrt(np.mean(a * a))),
            "percentiles": np.percentile(a, percentiles)}


def _chosen(model, layers, where: str) -> list[tuple[str, object]]:
    named = list(model.named_modules())
    if layers is None:                                   # the leaves: where computation happens
        return [(name, m) for name, m in named if name and not list(m.children())] or named[:1]
    if isinstance(layers, type) or (isinstance(layers, tuple) and all(isinstance(t, type) for t in layers)):
        found = [(name, m) for name, m in named if isinstance(m, layers)]
        if not found:
            raise ValueError(f"{where}: the model has no layer of type {layers}")
        return found
    if not isinstance(layers, (str, list, tuple)):
        raise TypeError(f"{where}: layers must be None, a layer type, a name or a list of names, "
                        f"got {layers!r:.60}")
    names = [layers] if isinstance(layers, str) else list(layers)
    if not names:
        raise ValueError(f"{where}: layers is an empty list; pass None to measure every leaf layer")
    for i, n in enumerate(names):
        check.string(n, f"layers[{i}]", where)
    lookup = dict(named)
    missing = [n for n in names if n not in lookup]
    if missing:
        raise ValueError(f"{where}: layers names no layer {missing}; the model's layers are "
                       f"{[n for n, _ in named if n]}")
    return [(n, lookup[n]) for n in names]


def layer_statistics(model, x, *, y=None, loss=None, dout=None, layers=None,
                     percentiles: Iterable[float] = PERCENTILES,
                     rng: int | np.random.Generator | None = 0) -> list[dict]:
    r"""One forward and backward pass of ``model`` on ``x``, measured at every layer.

    Parameters
    ----------
    model : an nnbook :class:`~nnbook.layers.Layer` or a ``torch.nn.Module``.
    x : the input batch (an array; a tensor for torch).
    loss, y : the loss to back-propagate (an nnbook Loss, or for torch a function
        ``(out, y) -> scalar tensor``) and its targets; without them the backward pass starts
        from ``dout`` (default: standard normal noise of the output's shape, from ``rng``).
    layers : which layers to measure: None (every leaf layer), a type or tuple of types
        (e.g. ``Linear``), or layer names (``"3"``, ``"block.conv1"``).
    percentiles : of each distribution (default 5, 25, 50, 75, 95).

    Returns one dict per call of a measured layer, in the order of the forward pass:
    ``name``, ``type``, ``out`` and ``grad`` (the layer's output and the gradient of the loss
    with respect to it, each as ``{"mean", "std", "rms", "percentiles"}``), ``param_grad_norm``
    (the joint L2 norm of the layer's own parameters' gradients, NaN for a layer without
    parameters) and ``param_norm``. The model's gradients are cleared before the pass and hold
    this pass's gradients afterwards; its train/eval mode is left as it was.
    """
    where = "layer_statistics"
    if isinstance(percentiles, (str, bytes)) or not isinstance(percentiles, Iterable):
        raise TypeError(f"{where}: percentiles must be a sequence of numbers in [0, 100] such as "
                        f"(5, 50, 95), got {percentiles!r}")
    percentiles = tuple(check.number(p, "percentiles", where, low=0, high=100) for p in percentiles)
    if not percentiles:
        raise ValueError(f"{where}: percentiles must hold at least one number in [0, 100]")
    if (loss is None) != (y is None):
        raise ValueError(f"{where}: pass loss and y together, or neither (then dout is used)")
    check.rng(rng, "rng", where)
    if _is_torch(model):
        return _torch_statistics(model, x, y, loss, dout, layers, percentiles, rng)
    check.instance(model, "model", where, Layer, "pass an nnbook model or a torch.nn.Module")
    x = check.array(x, "x", where, finite=True)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"{where}: x must be a batch of shape (N, ...) with N ≥ 1, got {x.shape}")
    if loss is not None:
        check.instance(loss, "loss", where, Loss, "pass e.g. loss=SoftmaxCrossEntropy()")
        y = check.array(y, "y", where, finite=True)
        if y.ndim == 0 or len(y) != len(x):
            raise ValueError(f"{where}: x and y must have the same number of samples N, got x "
                             f"{x.shape} and y {y.shape}")
    if dout is not None:
        dout = check.array(dout, "dout", where, finite=True)
        if loss is not None:
            raise ValueError(f"{where}: pass dout or loss and y, not both: with a loss, dout is the "
                             "loss's gradient")
    chosen = _chosen(model, layers, where)
    records: list[dict] = []
    pending: dict[int, list[dict]] = {}
    originals = []
    for name, layer in chosen:
        originals.append(layer)

        def forward(x, _layer=layer, _name=name, _forward=type(layer).forward):
            out = _forward(_layer, x)
            record = {"name": _name, "type": type(_layer).__name__,
                      "out": _summary(out, percentiles), "grad": None}
            records.append(record)
            pending.setdefault(id(_layer), []).append(record)
            return out

        def backward(dout, _layer=layer, _backward=type(layer).backward):
            stack = pending.get(id(_layer))
            if stack:
                stack.pop()["grad"] = _summary(dout, percentiles)
            return _backward(_layer, dout)

        object.__setattr__(layer, "forward", forward)
        object.__setattr__(layer, "backward", backward)
    needs = model.needs_input_grad
    try:
        model.zero_grad()
        out = model.forward(x)
        if loss is not None:
            loss.forward(out, y)
            start = loss.backward()
        elif dout is None:
            start = check.rng(rng, "rng", where).standard_normal(np.shape(out)).astype(out.dtype)
        else:
            if dout.shape != np.shape(out):
                raise ValueError(f"{where}: dout must have the shape of the model's output "
                                 f"{np.shape(out)}, got {dout.shape}")
            start = dout
        model.backward(start)
    finally:
        for layer in originals:
            layer.__dict__.pop("forward", None)
            layer.__dict__.pop("backward", None)
        model.needs_input_grad = needs
    for record in records:
        layer = model.submodule(record["name"])
        params = list(layer._parameters.values())
        record["param_grad_norm"] = _joint_norm([p.grad for p in params])
        record["param_norm"] = _joint_norm([p.value for p in params])
    return records


def _joint_norm(arrays: list[np.ndarray]) -> float:
    if not arrays:
        return float("nan")
    return float(np.sqrt(sum(float(np.sum(np.square(a, dtype=np.float64))) for a in arrays)))


def _torch_statistics(model, x, y, loss, dout, layers, percentiles, rng) -> list[dict]:
    import torch

    chosen = _chosen(model, layers, "layer_statistics")
    records: list[dict] = []
    handles = []

    def watch(name, module):
        def hook(mod, inputs, out):
            if not isinstance(out, torch.Tensor):
                return
            record = {"name": name, "type": type(mod).__name__,
                      "out": _summary(out.detach().cpu().numpy(), percentiles), "grad": None}
            records.append(record)
            if out.requires_grad:
                out.register_hook(lambda g: record.__setitem__(
                    "grad", _summary(g.detach().cpu().numpy(), percentiles)))
        return module.register_forward_hook(hook)

    try:
        for name, module in chosen:
            handles.append(watch(name, module))
        model.zero_grad(set_to_none=False)
        out = model(x)
        if loss is not None:
            loss(out, y).backward()
        else:
            if dout is None:
                noise = check.rng(rng, "rng", "layer_statistics").standard_normal(tuple(out.shape))
                dout = torch.as_tensor(noise, dtype=out.dtype, device=out.device)
            out.backward(dout)
    finally:
        for h in handles:
            h.remove()
    for record in records:
        params = [p for p in model.get_submodule(record["name"]).parameters(recurse=False)]
        record["param_grad_norm"] = _joint_norm([p.grad.detach().cpu().numpy() for p in params
                                                 if p.grad is not None]) if params else float("nan")
        record["param_norm"] = _joint_norm([p.detach().cpu().numpy() for p in params])
    return records


class GradientMonitor:
    r"""Each parameter's gradient norm and update-to-weight ratio, step after step.

    ``GradientMonitor(model, every=1)``: ``model`` an nnbook Layer or a torch module. Every
    ``every``-th step it records, per parameter (by name),

    - ``grad_norm[name]``: :math:`\lVert g\rVert_2` after backward (and clipping) before the step,
    - ``update_ratio[name]``: :math:`\lVert W_{t+1} - W_t\rVert_2 / \lVert W_t\rVert_2`,

    and ``steps`` (the step numbers recorded, counted from 0). With the Trainer:
    ``Trainer(model, loss, opt, callbacks=[monitor])`` calls :meth:`on_backward` and
    :meth:`on_step`. In a torch loop: ``loss.backward(); monitor.before_step();
    opt.step(); monitor.after_step()``. :meth:`arrays` gives (steps, parameters) arrays.
    """

    def __init__(self, model, *, every: int = 1):
        self.every = check.positive_int(every, "every", "GradientMonitor")
        self._torch = _is_torch(model)
        if not self._torch:
            check.instance(model, "model", "GradientMonitor", Layer,
                           "pass an nnbook model or a torch.nn.Module")
        self.model = model
        self.names = list(self._params())
        self.grad_norm: dict[str, list[float]] = {n: [] for n in self.names}
        self.update_ratio: dict[str, list[float]] = {n: [] for n in self.names}
        self.steps: list[int] = []
        self._count = 0
        self._before: dict[str, np.ndarray] | None = None

    def _params(self) -> dict:
        if self._torch:
            return {n: p for n, p in self.model.named_parameters()}
        return self.model.parameters()

    def _value(self, p) -> np.ndarray:
        return p.detach().cpu().numpy() if self._torch else p.value

    def _grad(self, p) -> np.ndarray:
        if self._torch:
            return np.zeros(1) if p.grad is None else p.grad.detach().cpu().numpy()
        return p.grad

    def before_step(self) -> None:
        """Call after backward, before ``optimizer.step()``: records the gradient norms."""
        self._before = None
        if self._count % self.every:
            return
        params = self._params()
        self._before = {}
        for n in self.names:
            self.grad_norm[n].append(_joint_norm([self._grad(params[n])]))
            self._before[n] = np.array(self._value(params[n]), dtype=np.float64)

    def after_step(self) -> None:
        """Call after ``optimizer.step()``: records the update-to-weight ratios."""
        if self._before is not None:
            params = self._params()
            for n in self.names:
                w = self._before[n]
                change = np.linalg.norm(np.asarray(self._value(params[n]), np.float64) - w)
                self.update_ratio[n].append(float(change / max(np.linalg.norm(w), 1e-12)))
            self.steps.append(self._count)
            self._before = None
        self._count += 1

    def on_backward(self, trainer) -> None:
        """The Trainer's callback after backward (and clipping), before the optimizer's step."""
        self.before_step()

    def on_step(self, trainer) -> None:
        """The Trainer's callback after the optimizer's step."""
        self.after_step()

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(steps (T,), grad_norm (T, P), update_ratio (T, P))`` with P = ``len(self.names)``."""
        g = np.array([self.grad_norm[n] for n in self.names]).T.reshape(len(self.steps), -1)
        u = np.array([self.update_ratio[n] for n in self.names]).T.reshape(len(self.steps), -1)
        return np.array(self.steps), g, u

    def __repr__(self) -> str:
        return (f"GradientMonitor({len(self.names)} parameters, {len(self.steps)} steps recorded, "
                f"every={self.every})")
