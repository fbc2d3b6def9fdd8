r"""Gradient checking: numerical derivatives, the relative error, and torch.autograd as a referee.

Chapter: Backpropagation, section "Gradient checking".

The centered difference

.. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

has error :math:`O(h^2)`; in float64 with h = 1e-5 an analytic gradient that is right agrees
to a relative error of about 1e-8 or better. In float32 round-off dominates: check in float64.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnbook import _validate as check

from nnbook.layers import Layer
from nnbook.losses import Loss


def _default_h(x: np.ndarray) -> float:
    return 1e-5 if x.dtype == np.float64 else 1e-2


def numerical_gradient(f: Callable[[], float], x: np.ndarray, *, h: float | None = None) -> np.ndarray:
    r"""Centered-difference gradient of the scalar ``f()`` with respect to the array ``x``.

    ``f`` takes no arguments and reads ``x``, which is perturbed in place, one entry at a time,
    and restored. Returns an array of ``x``'s shape. Costs 2 evaluations of f per entry.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("numerical_gradient perturbs x in place: pass a floating-point numpy array, "
                        f"got {type(x).__name__}{'' if not hasattr(x, 'dtype') else ' of ' + str(x.dtype)}")
    check.function(f, "f", "numerical_gradient", "pass a function of no arguments returning the loss")
    check.array(x, "x", "numerical_gradient", finite=True, min_size=1)
    h = _default_h(x) if h is None else check.number(h, "h", "numerical_gradient", low=0, low_open=True)
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f())
        x[i] = old - h
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad.astype(x.dtype)


def numerical_gradient_array(f: Callable[[], np.ndarray], x: np.ndarray, dout: np.ndarray, *,
                             h: float | None = None) -> np.ndarray:
    r"""Numerical :math:`\partial/\partial x \sum_k f()_k \, \mathrm{dout}_k` for an array-valued ``f``:
    what ``backward(dout)`` must return (CS231n's ``eval_numerical_gradient_array``)."""
    where = "numerical_gradient_array"
    check.function(f, "f", where, "pass a function of no arguments returning the layer's output")
    dout = check.array(dout, "dout", where, kind="float", dtype=np.float64, finite=True)
    out_shape = np.shape(f())
    if dout.shape != out_shape:
        raise ValueError(f"{where}: dout must have the shape of f()'s output {out_shape}, got {dout.shape}")
    return numerical_gradient(lambda: float(np.sum(f() * dout)), x, h=h)


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    r"""The largest elementwise relative error, as CS231n defines it:

    .. math:: \max_i \frac{|a_i - b_i|}{\max(10^{-8}, |a_i| + |b_i|)}

    Rules of thumb (float64): < 1e-7 right; 1e-7 to 1e-4 suspicious; > 1e-2 wrong.
    """
    a = check.array(a, "a", "rel_error", dtype=np.float64, finite=True)
    b = check.array(b, "b", "rel_error", dtype=np.float64, finite=True)
    if a.shape != b.shape:
        raise ValueError(f"rel_error compares arrays of one shape, got a {a.shape} and b {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def _objective(layer: Layer, x: np.ndarray, dout, loss: Loss | None, y) -> Callable[[], float]:
    if loss is not None:
        return lambda: loss.forward(layer.forward(x), y)
    return lambda: float(np.sum(layer.forward(x) * dout))


def _random_layers(layer: Layer) -> list[str]:
    """Layers of the tree that draw new random numbers on every forward pass (Dropout in training
    mode)."""
    from nnbook.layers import Dropout

    return [(f"layer {path}: " if path else "") + repr(m) for path, m in layer.named_modules()
            if isinstance(m, Dropout) and m.training and m.p > 0]


def _setup(layer, x, dout, loss, y, rng, where):
    check.instance(layer, "layer", where, Layer, "pass a layer or a model such as Sequential(...)")
    if loss is not None:
        check.instance(loss, "loss", where, Loss, "pass e.g. SoftmaxCrossEntropy() or None")
    rng = check.rng(rng, "rng", where)
    random = _random_layers(layer)
    if random:
        raise ValueError(f"gradient checks need a deterministic model, but {', '.join(random)} draws a "
                         "new mask on every forward pass; call model.eval() first")
    if (loss is None) != (y is None):
        raise ValueError("pass loss and y together (or neither, to check against a random dout)")
    if dout is not None:
        check.array(dout, "dout", where, kind="float", finite=True)
    if loss is not None and dout is not None:
        raise ValueError(f"{where}: pass dout or loss and y, not both: with a loss, dout is the loss's "
                         "gradient")
    x = check.array(x, "x", where, finite=True)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"{where}: x must be a batch of shape (N, ...) with N ≥ 1, got {x.shape}")
    if y is not None:
        y = check.array(y, "y", where, finite=True)
        if y.ndim == 0 or len(y) != len(x):
            raise ValueError(f"{where}: x and y must have the same number of samples N, got x "
                             f"{x.shape} and y {y.shape}")
    x = np.array(x, dtype=x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64)
    layer.needs_input_grad = True                 # the check needs dx (the Trainer turns it off)
    layer.zero_grad()                             # backward adds into grad
    out = layer.forward(x)
    if loss is None and dout is None:
        dout = rng.standard_normal(out.shape).astype(out.dtype)
    elif loss is None:
        dout = check.array(dout, "dout", where, shape=out.shape, kind="float", finite=True)
    return x, out, dout


def check_layer(layer: Layer, x: np.ndarray, *, dout: np.ndarray | None = None,
                loss: Loss | None = None, y: np.ndarray | None = None, h: float | None = None,
                rng: int | np.random.Generator | None = 0) -> dict[str, float]:
    """Relative error between ``layer.backward`` and numerical gradients, for x and every parameter.

    The scalar checked is ``sum(layer(x) * dout)`` (``dout`` random if not given) or, with a loss,
    ``loss(layer(x), y)``. ``layer`` may be a whole model (a Sequential). Returns e.g.
    ``{"x": 3e-10, "0.W": 1e-9, "0.b": 8e-11}``. The layer must be deterministic: put a model
    with Dropout in ``eval()`` mode first. A parameter used in several places is perturbed in
    all of them at once, so its numerical gradient is the sum the analytic one must equal.
    Sets ``layer.needs_input_grad = True`` and clears the gradients before its backward pass.
    """
    x, out, dout = _setup(layer, x, dout, loss, y, rng, "check_layer")
    if loss is not None:
        loss.forward(out, y)
    dx = layer.backward(loss.backward() if loss is not None else dout)
    analytic = {"x": dx, **{name: p.grad.copy() for name, p in layer.parameters().items()}}
    f = _objective(layer, x, dout, loss, y)
    numeric = {"x": numerical_gradient(f, x, h=h)}
    for name, p in layer.parameters().items():
        numeric[name] = numerical_gradient(f, p.value, h=h)
    return {name: rel_error(analytic[name], numeric[name]) for name in analytic}


def compare_with_torch(layer: Layer, x: np.ndarray, *, dout: np.ndarray | None = None,
                       loss: Loss | None = None, y: np.ndarray | None = None,
                       rng: int | np.random.Generator | None = 0) -> dict[str, float]:
    """Run ``layer`` and its torch twin (:func:`nnbook.torch_bridge.to_torch`, same weights) on the
    same input; return the relative error of the output, the loss (if given), dx and every
    parameter gradient, e.g. ``{"out": 0.0, "x": 1e-16, "W": 2e-16, "b": 0.0}``.
    """
    import torch

    from nnbook.torch_bridge import to_torch, to_torch_loss, torch_gradients

    x, out, dout = _setup(layer, x, dout, loss, y, rng, "compare_with_torch")
    result = {}
    if loss is not None:
        value = loss.forward(out, y)
        dx = layer.backward(loss.backward())
    else:
        dx = layer.backward(dout)

    module = to_torch(layer)
    module.train(layer.training)
    x_t = torch.tensor(x, requires_grad=True)
    out_t = module(x_t)
    result["out"] = rel_error(out, out_t.detach().numpy())
    if loss is not None:
        loss_t = to_torch_loss(loss)(out_t, torch.as_tensor(np.asarray(y)))
        loss_t.backward()
        result["loss"] = rel_error(value, loss_t.item())
    else:
        out_t.backward(torch.as_tensor(dout))
    result["x"] = rel_error(dx, x_t.grad.numpy())
    reference = torch_gradients(layer, module)
    for name, p in layer.parameters().items():
        result[name] = rel_error(p.grad, reference[name])
    return result
