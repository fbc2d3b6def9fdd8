r"""Normalization layers: batch normalization (Ioffe & Szegedy, 2015) and layer normalization
(Ba et al., 2016).

Chapter: Deep networks, sections "Batch normalization from scratch" and "Layer normalization".

Every layer here computes, over a set of axes A (the *statistics axes*),

.. math:: \mu = \frac{1}{m}\sum_{A} x, \qquad \sigma^2 = \frac{1}{m}\sum_{A} (x - \mu)^2, \qquad
          \hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \qquad
          \mathrm{out} = \gamma \hat x + \beta

with m the number of entries summed over. Only the axes differ:

- :class:`BatchNorm1d`, x (N, D): A = the batch axis N, one μ and σ² per feature; γ, β (D,).
- :class:`BatchNorm2d`, x (N, C, H, W): A = (N, H, W), one μ and σ² per channel; γ, β (C,).
- :class:`LayerNorm`, x (N, ..., *S*): A = the trailing axes S (``normalized_shape``), one μ and
  σ² per sample; γ, β of shape S.

Backward (the same for all three, derived in the chapter through the computational graph):
with :math:`g = \mathrm{dout}\cdot\gamma` and sums over A,

.. math:: dx = \frac{1}{m\sqrt{\sigma^2+\epsilon}}\Big(m\,g - \sum_A g
          - \hat x \sum_A g \hat x\Big), \quad d\gamma \mathrel{+}= \sum \mathrm{dout}\,\hat x,
          \quad d\beta \mathrel{+}= \sum \mathrm{dout}

(dγ and dβ summed over every axis that γ does not have).

Batch norm in evaluation mode uses running estimates instead of the batch's statistics. They
follow **torch's conventions** so that a model moves between nnbook and torch unchanged:

- ``momentum`` is the weight of the *new* batch:
  ``running = (1 - momentum) · running + momentum · batch`` (default 0.1). CS231n and Keras
  write the same update with the weight of the *old* value (their 0.9 or 0.99 is torch's 0.1
  or 0.01).
- the running variance is updated with the *unbiased* batch variance
  :math:`\frac{m}{m-1}\sigma^2` (it estimates the population's variance, and a sample variance
  over m values underestimates it by the factor (m − 1)/m), while the normalization in training
  uses the biased σ² above, as the paper and torch do. CS231n updates with the biased one; the
  two differ by 1/(m − 1), e.g. 3 % for a batch of 32.
- there is no ``num_batches_tracked`` buffer (torch keeps it only for ``momentum=None``, a
  cumulative average nnbook does not offer).

Running statistics are buffers (:meth:`~nnbook.layers.Layer.register_buffer`): saved in
``state_dict``, not trained. Shapes use fixed letters: N samples, D features, C channels,
H, W height and width.
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check
from nnbook.layers import Layer, Parameter, _as_float_array


def _finite(x: np.ndarray, where: str) -> None:
    """A ValueError naming the first NaN or infinity of x (one would poison a whole batch)."""
    if not np.isfinite(x).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(x))[0])
        raise ValueError(f"{where} got an input x with NaN or infinity (the first at index {bad}); "
                         "one such value would spread to every sample through the statistics. "
                         "Check the data and the layers before (a learning rate that diverged?)")


def _normalize_backward(dout: np.ndarray, xhat: np.ndarray, inv_std: np.ndarray,
                        gamma: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    r"""dx of :math:`\gamma \hat x + \beta` for x normalized over ``axes`` (see the module)."""
    g = dout * gamma                                        # dL/dx̂
    mean_g = g.mean(axis=axes, keepdims=True)               # (1/m) Σ g
    mean_gx = (g * xhat).mean(axis=axes, keepdims=True)     # (1/m) Σ g x̂
    return (g - mean_g - xhat * mean_gx) * inv_std


class _BatchNorm(Layer):
    """What BatchNorm1d and BatchNorm2d share: the statistics over every axis but axis 1."""

    _ndim = 2
    _layout = "(N, D)"

    def __init__(self, num_features: int, *, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = True, dtype=np.float64):
        super().__init__()
        where = type(self).__name__
        self.num_features = check.positive_int(num_features, "num_features", where)
        self.eps = check.number(eps, "eps", where, low=0, low_open=True)
        self.momentum = check.probability(momentum, "momentum", where)
        self.affine = check.flag(affine, "affine", where)
        self.dtype = dtype = check.float_dtype(dtype, "dtype", where)
        if self.affine:                                     # otherwise γ = 1, β = 0, fixed
            self.gamma = Parameter(np.ones(self.num_features, dtype=dtype))
            self.beta = Parameter(np.zeros(self.num_features, dtype=dtype))
        self.register_buffer("running_mean", np.zeros(self.num_features, dtype=dtype))
        self.register_buffer("running_var", np.ones(self.num_features, dtype=dtype))
        self._cache = None

    def _gamma(self) -> np.ndarray:
        return self.gamma.value if self.affine else np.ones(self.num_features, self.dtype)

    def _axes(self, x: np.ndarray) -> tuple[int, ...]:
        return (0,) + tuple(range(2, x.ndim))

    def _shape(self, v: np.ndarray, ndim: int) -> np.ndarray:
        return v.reshape((1, -1) + (1,) * (ndim - 2))      # (D,) -> (1, D) or (1, C, 1, 1)

    def _check(self, x) -> np.ndarray:
        name = type(self).__name__
        x = _as_float_array(x, name).astype(self.dtype, copy=False)
        D = self.num_features
        if x.ndim != self._ndim or x.shape[1] != D:
            letter = "D" if self._ndim == 2 else "C"
            hint = ""
            if self._ndim == 4 and x.ndim == 4 and x.shape[3] == D:
                hint = "; these look channels-last (N, H, W, C): use x.transpose(0, 3, 1, 2)"
            elif self._ndim == 2 and x.ndim == 4:
                hint = "; for images use BatchNorm2d"
            elif self._ndim == 4 and x.ndim == 2:
                hint = "; for (N, D) features use BatchNorm1d"
            want = "(N, {})".format(D) if self._ndim == 2 else f"(N, {D}, H, W)"
            raise ValueError(f"{self!r} expects x of shape {want} ({letter} = {D} "
                             f"{'features' if self._ndim == 2 else 'channels'}), got {x.shape}{hint}")
        _finite(x, f"{name}.forward")
        return x

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = self._check(x)
        axes = self._axes(x)
        gamma = self._shape(self._gamma(), x.ndim)
        beta = self._shape(self.beta.value, x.ndim) if self.affine else 0
        if not self.training:
            inv_std = 1 / np.sqrt(self._shape(self.running_var, x.ndim) + self.eps)
            xhat = (x - self._shape(self.running_mean, x.ndim)) * inv_std
            self._cache = ("eval", xhat, inv_std, axes)
            return self._remember((gamma * xhat + beta).astype(self.dtype, copy=False))
        m = x.size // self.num_features                     # entries per feature
        if m < 2:
            raise ValueError(f"{self!r} in training mode needs more than one value per "
                             f"{'feature' if self._ndim == 2 else 'channel'} to compute a variance, "
                             f"got x of shape {x.shape}; use a batch of N ≥ 2 samples, or call "
                             ".eval() to use the running statistics")
        mu = x.mean(axis=axes, keepdims=True)              # (1, D) or (1, C, 1, 1)
        xc = x - mu
        var = (xc * xc).mean(axis=axes, keepdims=True)     # biased: normalizes this batch
        inv_std = 1 / np.sqrt(var + self.eps)
        xhat = xc * inv_std
        mom = self.momentum
        self.running_mean *= 1 - mom
        self.running_mean += mom * mu.reshape(-1)
        self.running_var *= 1 - mom
        self.running_var += mom * var.reshape(-1) * (m / (m - 1))   # unbiased, as torch
        self._cache = ("train", xhat, inv_std, axes)
        return self._remember((gamma * xhat + beta).astype(self.dtype, copy=False))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout).astype(self.dtype, copy=False)
        mode, xhat, inv_std, axes = self._cache
        if self.affine:                                     # sums over N (and H, W)
            self.gamma.accumulate(np.sum, dout * xhat, axis=axes)
            self.beta.accumulate(np.sum, dout, axis=axes)
        if not self.needs_input_grad:
            return None
        gamma = self._shape(self._gamma(), dout.ndim)
        if mode == "eval":                                  # an affine map: no batch coupling
            return (dout * gamma * inv_std).astype(self.dtype, copy=False)
        return _normalize_backward(dout, xhat, inv_std, gamma, axes).astype(self.dtype, copy=False)

    def extra_repr(self) -> str:
        extra = "" if self.affine else ", affine=False"
        return f"{self.num_features}, eps={self.eps:g}, momentum={self.momentum:g}{extra}"


class BatchNorm1d(_BatchNorm):
    r"""Batch normalization of features: x (N, D) -> out (N, D), statistics over the batch.

    Parameters
    ----------
    num_features : D.
    eps : ε > 0 added to the variance (default 1e-5, as torch).
    momentum : the weight of the new batch in the running statistics (default 0.1, torch's
        convention; see :mod:`nnbook.norm` for how it differs from CS231n's).
    affine : learn γ (starts at 1) and β (starts at 0); False fixes γ = 1, β = 0.
    dtype : float32 or float64.

    Training mode normalizes with the batch's mean and (biased) variance and updates
    ``running_mean``/``running_var`` (unbiased variance); evaluation mode uses the running ones.
    Raises ValueError for x that is not (N, D), a batch of one sample in training mode, NaN.
    """

    _ndim = 2


class BatchNorm2d(_BatchNorm):
    r"""Spatial batch normalization: x (N, C, H, W) -> out (N, C, H, W), one mean and variance
    per channel over the N·H·W positions (a convolution's filter is applied everywhere, so its
    channel is normalized everywhere alike). Same settings as :class:`BatchNorm1d` with
    ``num_features`` = C."""

    _ndim = 4


class LayerNorm(Layer):
    r"""Layer normalization: each sample normalized over its trailing axes ``normalized_shape``.

    x (N, ..., *S*) -> out of the same shape, with S = ``normalized_shape`` (an int D for
    features (N, D), or a tuple, e.g. (C, H, W) for whole images); γ and β have shape S.
    Nothing depends on the other samples of the batch, so training and evaluation compute the
    same thing, there are no running statistics, and a batch of one sample is fine (the reason
    it is used for sequences and small batches).

    Parameters: ``normalized_shape`` (int or tuple), ``eps`` ε > 0 (default 1e-5),
    ``elementwise_affine`` (learn γ, β; default True), ``dtype``.
    """

    def __init__(self, normalized_shape, *, eps: float = 1e-5, elementwise_affine: bool = True,
                 dtype=np.float64):
        super().__init__()
        self.normalized_shape = check.shape(normalized_shape, "normalized_shape", "LayerNorm", min_ndim=1)
        self.eps = check.number(eps, "eps", "LayerNorm", low=0, low_open=True)
        self.elementwise_affine = check.flag(elementwise_affine, "elementwise_affine", "LayerNorm")
        self.dtype = dtype = check.float_dtype(dtype, "dtype", "LayerNorm")
        if self.elementwise_affine:
            self.gamma = Parameter(np.ones(self.normalized_shape, dtype=dtype))
            self.beta = Parameter(np.zeros(self.normalized_shape, dtype=dtype))
        self._cache = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _as_float_array(x, "LayerNorm").astype(self.dtype, copy=False)
        S = self.normalized_shape
        if x.ndim < len(S) or x.shape[x.ndim - len(S):] != S:
            raise ValueError(f"{self!r} normalizes the trailing axes {S}: it expects x of shape "
                             f"(N, ..., {', '.join(map(str, S))}), got {x.shape}")
        _finite(x, "LayerNorm.forward")
        axes = tuple(range(x.ndim - len(S), x.ndim))
        mu = x.mean(axis=axes, keepdims=True)              # (N, ..., 1, ..., 1)
        xc = x - mu
        var = (xc * xc).mean(axis=axes, keepdims=True)
        inv_std = 1 / np.sqrt(var + self.eps)
        xhat = xc * inv_std
        self._cache = (xhat, inv_std, axes)
        out = self.gamma.value * xhat + self.beta.value if self.elementwise_affine else xhat
        return self._remember(out.astype(self.dtype, copy=False))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout).astype(self.dtype, copy=False)
        xhat, inv_std, axes = self._cache
        if self.elementwise_affine:                         # sums over the leading axes
            lead = tuple(range(dout.ndim - len(self.normalized_shape)))
            self.gamma.accumulate(np.sum, dout * xhat, axis=lead)
            self.beta.accumulate(np.sum, dout, axis=lead)
        if not self.needs_input_grad:
            return None
        gamma = self.gamma.value if self.elementwise_affine else np.ones((), self.dtype)
        return _normalize_backward(dout, xhat, inv_std, gamma, axes).astype(self.dtype, copy=False)

    def extra_repr(self) -> str:
        S = self.normalized_shape
        extra = "" if self.elementwise_affine else ", elementwise_affine=False"
        return f"{S[0] if len(S) == 1 else S}, eps={self.eps:g}{extra}"


def _register_torch_twins() -> None:
    """The torch modules of these layers for :mod:`nnbook.torch_bridge` (γ -> weight,
    β -> bias; the running statistics are copied when the twin is built)."""
    from nnbook.torch_bridge import _torch_dtype, register

    def batchnorm(name):
        def build(layer, children, dtype):
            import torch
            from torch import nn
            module = getattr(nn, name)(layer.num_features, eps=layer.eps, momentum=layer.momentum,
                                       affine=layer.affine, dtype=_torch_dtype(layer, dtype))
            with torch.no_grad():
                module.running_mean.copy_(torch.from_numpy(layer.running_mean))
                module.running_var.copy_(torch.from_numpy(layer.running_var))
            return module
        return build

    def layernorm(layer, children, dtype):
        from torch import nn
        return nn.LayerNorm(layer.normalized_shape, eps=layer.eps,
                            elementwise_affine=layer.elementwise_affine,
                            dtype=_torch_dtype(layer, dtype))

    register(BatchNorm1d, batchnorm("BatchNorm1d"), gamma="weight", beta="bias")
    register(BatchNorm2d, batchnorm("BatchNorm2d"), gamma="weight", beta="bias")
    register(LayerNorm, layernorm, gamma="weight", beta="bias")


_register_torch_twins()
