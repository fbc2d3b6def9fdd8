r"""Convolutional networks in PyTorch: a configurable CNN, residual blocks, a ResNet, a classifier.

Chapter: Convolutional networks, sections "From nnbook to torch.nn" and "Architecture
experiments". The API is the one of the Technion CS236781 assignment (HW2, parts 4 and 5), so
a reader of either recognises the other. The only module of nnbook that imports torch at
import time; ``import nnbook`` does not need it.

* :class:`CNN` — ``[(CONV -> ACT)*P -> POOL]*(N/P) -> (FC -> ACT)*M -> FC``.
* :class:`ResidualBlock` — ``relu(main_path(x) + shortcut_path(x))``; the shortcut is the
  identity, or a 1×1 convolution without bias when the number of channels changes.
* :class:`ResidualBottleneckBlock` — 1×1 down-projection, inner convolutions, 1×1 up-projection.
* :class:`ResNet` — the CNN with every group of P convolutions wrapped in a residual block.
* :class:`ArgMaxClassifier` — ``predict_proba`` (softmax of the scores) and ``classify`` (argmax).
* :class:`TorchTrainer` — nnbook's :class:`~nnbook.training.Trainer` loop for a torch model:
  the same :class:`~nnbook.training.History`, progress bar and plots; on ``cuda`` when available.
"""
from __future__ import annotations

import difflib
import inspect
import math
import time
from collections.abc import Sequence

import numpy as np
import torch
from torch import Tensor, nn

from nnbook import _validate as check

# The assignment's activations (CS236781 HW2, ``mlp.py``), each with its keyword arguments.
ACTIVATIONS = {"relu": nn.ReLU, "lrelu": nn.LeakyReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
POOLINGS = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}


def _choice(value, options: dict, name: str, where: str):
    """``options[value]`` for a name among the keys, else the error that lists them."""
    return options[check.choice(value, name, where, sorted(options))]


def _positive_ints(values, name: str, where: str, *, allow_empty: bool = False) -> list[int]:
    """A list or tuple of integers ≥ 1 (non-empty unless ``allow_empty``), as a list of ints."""
    need = "a list" if allow_empty else "a non-empty list"
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{where}: {name} must be {need} of positive integers, got {values!r} "
                        f"(a {type(values).__name__}); e.g. {name}=[32, 64]")
    if not values and not allow_empty:
        raise ValueError(f"{where}: {name} must be {need} of positive integers, got {values!r}")
    return [check.positive_int(v, f"{name}[{i}]", where) for i, v in enumerate(values)]


def _keywords(kwargs: dict, allowed, where: str, known=()) -> None:
    """No keyword swallowed: every name in ``kwargs`` must be one of ``allowed`` (a misspelling
    is matched against ``allowed`` and the ``known`` explicit parameters)."""
    for key in kwargs:
        if key not in allowed:
            close = difflib.get_close_matches(key, [*allowed, *known], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the options are {sorted(allowed)}"
            raise TypeError(f"{where}: unexpected keyword argument {key!r}{hint}")


def _params(value, name: str, where: str) -> dict:
    """An options dict such as ``conv_params`` (None means empty), keys being strings."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise TypeError(f"{where}: {name} must be a dict of keyword arguments such as "
                        f"dict(kernel_size=3, padding=1), got {value!r}")
    return dict(value)


def _build(cls, args: tuple, params: dict, name: str, where: str) -> nn.Module:
    """``cls(*args, **params)``, with unknown or invalid ``params`` reported as ``name``'s fault
    (not as an error from inside torch)."""
    accepted = [p for p in inspect.signature(cls).parameters if p not in ("self", "args", "kwargs")]
    _keywords(params, accepted[len(args):], f"{where}: {name} for nn.{cls.__name__}")
    for key, value in params.items():
        if key in ("inplace", "bias", "ceil_mode", "count_include_pad", "return_indices") \
                and not isinstance(value, bool):
            raise TypeError(f"{where}: {name}[{key!r}] must be True or False, got {value!r}")
    for key, minimum in (("kernel_size", 1), ("stride", 1), ("dilation", 1), ("padding", 0)):
        value = params.get(key)
        if value is not None and not (key == "padding" and value in ("same", "valid")):
            from nnbook.conv import _pair
            _pair(value, f"{name}[{key!r}]", where, minimum=minimum)
    if cls is nn.Conv2d and "groups" in params:
        groups = check.positive_int(params["groups"], f"{name}['groups']", where)
        if args[0] % groups or args[1] % groups:
            raise ValueError(f"{where}: {name}['groups'] = {groups} must divide the input and "
                             f"output channels of every convolution, got {args[0]} → {args[1]}")
    try:
        return cls(*args, **params)
    except (TypeError, ValueError, RuntimeError) as e:
        raise ValueError(f"{where}: {name} {params} do not make an nn.{cls.__name__}"
                         f"{args if args else '()'}: {e}") from None


class CNN(nn.Module):
    """A configurable convolutional classifier: ``[(CONV -> ACT)*P -> POOL]*(N/P) -> (FC -> ACT)*M -> FC``.

    Parameters
    ----------
    in_size : (C, H, W) of the input images.
    out_classes : number of classes (the size of the last layer).
    channels : N output channel counts, one per convolution.
    pool_every : P, a pooling layer after every P convolutions; when P does not divide N, the
        last N mod P convolutions get no pooling after them.
    hidden_dims : M hidden widths of the classifier (may be empty).
    conv_params : keyword arguments of every ``nn.Conv2d`` (e.g. ``kernel_size=3, padding=1``).
    activation_type : "relu", "lrelu", "tanh" or "sigmoid"; activation_params : its keyword
        arguments (e.g. ``negative_slope=0.05`` for "lrelu").
    pooling_type : "max" or "avg"; pooling_params : keyword arguments (e.g. ``kernel_size=2``).

    Attributes ``feature_extractor`` (the convolutional part) and ``mlp`` (the classifier), both
    ``nn.Sequential``. Shape: x (N, C, H, W) -> scores (N, out_classes).
    """

    def __init__(self, in_size, out_classes: int, channels: Sequence[int], pool_every: int,
                 hidden_dims: Sequence[int], conv_params: dict | None = None,
                 activation_type: str = "relu", activation_params: dict | None = None,
                 pooling_type: str = "max", pooling_params: dict | None = None):
        super().__init__()
        where = type(self).__name__
        self.in_size = check.shape(in_size, "in_size (C, H, W)", where, ndim=3)
        self.out_classes = check.positive_int(out_classes, "out_classes", where)
        self.channels = _positive_ints(channels, "channels", where)
        self.pool_every = check.positive_int(pool_every, "pool_every", where)
        self.hidden_dims = _positive_ints(hidden_dims, "hidden_dims", where, allow_empty=True)
        self.conv_params = _params(conv_params, "conv_params", where) or {"kernel_size": 3, "padding": 1}
        if "kernel_size" not in self.conv_params:
            raise ValueError(f"{where}: conv_params must give the kernel_size, got {self.conv_params}")
        _choice(activation_type, ACTIVATIONS, "activation_type", where)
        _choice(pooling_type, POOLINGS, "pooling_type", where)
        self.activation_type = activation_type
        self.activation_params = _params(activation_params, "activation_params", where)
        self.pooling_type = pooling_type
        self.pooling_params = _params(pooling_params, "pooling_params", where) or {"kernel_size": 2}
        self._activation(), self._pooling()            # their parameters are checked here, once
        self.feature_extractor = self._make_feature_extractor()
        self.mlp = self._make_mlp()

    def _activation(self) -> nn.Module:
        return _build(ACTIVATIONS[self.activation_type], (), self.activation_params,
                      "activation_params", type(self).__name__)

    def _pooling(self) -> nn.Module:
        return _build(POOLINGS[self.pooling_type], (), self.pooling_params, "pooling_params",
                      type(self).__name__)

    def _make_feature_extractor(self) -> nn.Sequential:
        layers, in_channels = [], self.in_size[0]
        for i, out_channels in enumerate(self.channels):
            conv = _build(nn.Conv2d, (in_channels, out_channels), self.conv_params, "conv_params",
                          type(self).__name__)
            layers += [conv, self._activation()]
            if (i + 1) % self.pool_every == 0:
                layers.append(self._pooling())
            in_channels = out_channels
        return nn.Sequential(*layers)

    def _n_features(self) -> int:
        """The number of features the convolutional part produces for one image (found by
        running it on zeros; torch's random state is left as it was)."""
        state = torch.get_rng_state()
        try:
            with torch.no_grad():
                out = self.feature_extractor(torch.zeros(1, *self.in_size))
        except RuntimeError as e:
            raise ValueError(f"{type(self).__name__}: the layers shrink an image of size "
                             f"{self.in_size} to nothing ({e}); use fewer poolings, padding or a "
                             "larger input") from None
        finally:
            torch.set_rng_state(state)
        return int(out.numel())

    def _make_mlp(self) -> nn.Sequential:
        layers, width = [], self._n_features()
        for hidden in self.hidden_dims:
            layers += [nn.Linear(width, hidden), self._activation()]
            width = hidden
        layers.append(nn.Linear(width, self.out_classes))
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim != 4 or tuple(x.shape[1:]) != self.in_size:
            hint = ("; these look like flattened images: x.reshape(len(x), *in_size)"
                    if x.ndim == 2 and x.shape[1] == math.prod(self.in_size) else "")
            raise ValueError(f"{type(self).__name__} expects images of shape (N, *in_size) = "
                             f"(N, {', '.join(map(str, self.in_size))}), got {tuple(x.shape)}{hint}")
        features = self.feature_extractor(x)
        return self.mlp(features.reshape(len(x), -1))


class ResidualBlock(nn.Module):
    r"""A residual block: :math:`\mathrm{out} = \mathrm{relu}(F(x) + s(x))`.

    The main path F is, for each convolution but the last, ``Conv -> [Dropout2d] ->
    [BatchNorm2d] -> ACT``, then the last ``Conv``; every convolution keeps the spatial size
    (padding k // 2, odd kernels) and has a bias. The shortcut s is the identity (an empty
    ``nn.Sequential``) when ``in_channels == channels[-1]``, otherwise a 1×1 convolution without
    bias that projects to ``channels[-1]`` channels.

    Parameters
    ----------
    in_channels : C of the input. channels : output channels of each convolution.
    kernel_sizes : odd kernel sizes, one per convolution.
    batchnorm : BatchNorm2d between convolutions. dropout : p of Dropout2d between them (0: none).
    activation_type, activation_params : as in :class:`CNN`.

    Attributes ``main_path`` and ``shortcut_path``. Shape: (N, C, H, W) -> (N, channels[-1], H, W).
    """

    def __init__(self, in_channels: int, channels: Sequence[int], kernel_sizes: Sequence[int],
                 batchnorm: bool = False, dropout: float = 0.0, activation_type: str = "relu",
                 activation_params: dict | None = None, **kwargs):
        super().__init__()
        where = type(self).__name__
        _keywords(kwargs, (), where, known=("in_channels", "channels", "kernel_sizes", "batchnorm",
                                            "dropout", "activation_type", "activation_params"))
        # (the assignment's signature has **kwargs; no keyword in it is used)
        in_channels = check.positive_int(in_channels, "in_channels", where)
        channels = _positive_ints(channels, "channels", where)
        kernel_sizes = _positive_ints(kernel_sizes, "kernel_sizes", where)
        if len(channels) != len(kernel_sizes):
            raise ValueError(f"{where}: channels and kernel_sizes must have the same length, got "
                             f"{len(channels)} and {len(kernel_sizes)}")
        if any(k % 2 == 0 for k in kernel_sizes):
            raise ValueError(f"{where}: kernel sizes must be odd so that padding k // 2 keeps the "
                             f"size, got {kernel_sizes}")
        batchnorm = check.flag(batchnorm, "batchnorm", where)
        dropout = check.probability(dropout, "dropout", where, high_open=True)
        activation = _choice(activation_type, ACTIVATIONS, "activation_type", where)
        activation_params = _params(activation_params, "activation_params", where)
        _build(activation, (), activation_params, "activation_params", where)
        layers, c_in = [], in_channels
        for i, (c_out, k) in enumerate(zip(channels, kernel_sizes)):
            layers.append(nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=True))
            if i < len(channels) - 1:
                if dropout > 0:
                    layers.append(nn.Dropout2d(dropout))
                if batchnorm:
                    layers.append(nn.BatchNorm2d(c_out))
                layers.append(activation(**activation_params))      # checked above
            c_in = c_out
        self.main_path = nn.Sequential(*layers)
        self.shortcut_path = (nn.Sequential() if in_channels == channels[-1] else
                              nn.Sequential(nn.Conv2d(in_channels, channels[-1], 1, bias=False)))

    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(self.main_path(x) + self.shortcut_path(x))


class ResidualBottleneckBlock(ResidualBlock):
    """A bottleneck residual block: 1×1 conv down to ``inner_channels[0]``, the inner convolutions,
    1×1 conv back up to ``in_out_channels``; the shortcut is the identity.

    For ``in_out_channels=256, inner_channels=[64, 32, 64], inner_kernel_sizes=[3, 5, 3]`` the
    convolutions are 256→64 (1×1), 64→64 (3×3), 64→32 (5×5), 32→64 (3×3), 64→256 (1×1): the
    expensive kernels work on few channels. Other keyword arguments as :class:`ResidualBlock`.
    """

    def __init__(self, in_out_channels: int, inner_channels: Sequence[int],
                 inner_kernel_sizes: Sequence[int], **kwargs):
        where = type(self).__name__
        _keywords(kwargs, ("batchnorm", "dropout", "activation_type", "activation_params"), where,
                  known=("in_out_channels", "inner_channels", "inner_kernel_sizes"))
        in_out_channels = check.positive_int(in_out_channels, "in_out_channels", where)
        inner_channels = _positive_ints(inner_channels, "inner_channels", where)
        inner_kernel_sizes = _positive_ints(inner_kernel_sizes, "inner_kernel_sizes", where)
        if len(inner_channels) != len(inner_kernel_sizes):
            raise ValueError(f"{where}: inner_channels and inner_kernel_sizes must have the same "
                             f"length, got {len(inner_channels)} and {len(inner_kernel_sizes)}")
        super().__init__(in_out_channels, [inner_channels[0], *inner_channels, in_out_channels],
                         [1, *inner_kernel_sizes, 1], **kwargs)


class ResNet(CNN):
    """The :class:`CNN` with a skip connection around every group of P convolutions:
    ``[-> (CONV -> ACT)*P -> POOL]*(N/P) -> (FC -> ACT)*M -> FC``, the skip around each group.

    Each group is a :class:`ResidualBlock` of 3×3 convolutions (the last N mod P convolutions
    form a final group with no pooling after it). With ``bottleneck=True`` a group whose input
    and output channels agree and which has at least 3 convolutions becomes a
    :class:`ResidualBottleneckBlock` (1×1, the inner 3×3 ones, 1×1); other groups stay plain.
    ``batchnorm`` and ``dropout`` go to the blocks; other arguments as :class:`CNN`
    (``conv_params`` is not used: the blocks keep the size). Keyword arguments that
    :class:`CNN` does not take are refused, with the closest name suggested.
    """

    def __init__(self, in_size, out_classes: int, channels: Sequence[int], pool_every: int,
                 hidden_dims: Sequence[int], batchnorm: bool = False, dropout: float = 0.0,
                 bottleneck: bool = False, **kwargs):
        where = type(self).__name__
        _keywords(kwargs, ("conv_params", "activation_type", "activation_params", "pooling_type",
                           "pooling_params"), where,
                  known=("in_size", "out_classes", "channels", "pool_every", "hidden_dims",
                         "batchnorm", "dropout", "bottleneck"))
        self.batchnorm = check.flag(batchnorm, "batchnorm", where)
        self.dropout = check.probability(dropout, "dropout", where, high_open=True)
        self.bottleneck = check.flag(bottleneck, "bottleneck", where)
        super().__init__(in_size, out_classes, channels, pool_every, hidden_dims, **kwargs)

    def _make_feature_extractor(self) -> nn.Sequential:
        layers, in_channels, P = [], self.in_size[0], self.pool_every
        block_args = dict(batchnorm=self.batchnorm, dropout=self.dropout,
                          activation_type=self.activation_type,
                          activation_params=self.activation_params)
        for start in range(0, len(self.channels), P):
            group = self.channels[start: start + P]
            if self.bottleneck and len(group) >= 3 and in_channels == group[-1]:
                layers.append(ResidualBottleneckBlock(in_channels, group[1:-1], [3] * (len(group) - 2),
                                                      **block_args))
            else:
                layers.append(ResidualBlock(in_channels, group, [3] * len(group), **block_args))
            if len(group) == P:
                layers.append(self._pooling())
            in_channels = group[-1]
        return nn.Sequential(*layers)


class ArgMaxClassifier(nn.Module):
    """Wraps a model of class scores: ``forward`` gives the scores (N, C), ``predict_proba`` the
    softmax probabilities (N, C), ``classify`` the most probable class (N,)."""

    def __init__(self, model: nn.Module):
        super().__init__()
        if not isinstance(model, nn.Module):
            raise TypeError(f"ArgMaxClassifier wraps a torch nn.Module, got {type(model).__name__}")
        self.model = model

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)

    def predict_proba(self, x: Tensor) -> Tensor:
        return self.predict_proba_scores(self.forward(x))

    @staticmethod
    def predict_proba_scores(z: Tensor) -> Tensor:
        """Softmax of scores z (N, C) along the classes."""
        return torch.softmax(z, dim=1)

    def classify(self, x: Tensor) -> Tensor:
        return self.predict_proba(x).argmax(dim=1)


# -- training: the Trainer's loop for torch models ---------------------------------------------
def default_device() -> torch.device:
    """``cuda`` when a GPU is available, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TorchTrainer:
    """nnbook's :class:`~nnbook.training.Trainer` for a ``torch.nn.Module`` classifier.

    ``TorchTrainer(model, loss_fn, optimizer, device=None, rng=0, stop_on_nan=True)``:
    ``loss_fn`` a torch loss on the scores and integer labels (e.g. ``nn.CrossEntropyLoss()``),
    ``optimizer`` a ``torch.optim`` optimizer built from ``model.parameters()``; the model is
    moved to ``device`` (default :func:`default_device`). Data are numpy arrays (or tensors),
    X (N, C, H, W) and y (N,) integer class labels 0, ..., C-1; batches go to the device one
    at a time. ``fit`` returns the same :class:`~nnbook.training.History` as the numpy Trainer,
    so the same plots apply, with the same progress bar. Shuffling of epoch t uses
    ``default_rng([seed, t])``. As in the numpy Trainer, training stops with a
    ``FloatingPointError`` naming the epoch and batch at the first NaN or infinite loss
    (before that batch's step); ``stop_on_nan=False`` trains on regardless.
    """

    def __init__(self, model: nn.Module, loss_fn, optimizer: torch.optim.Optimizer, *,
                 device: str | torch.device | None = None, rng: int | np.random.Generator | None = 0,
                 stop_on_nan: bool = True):
        where = "TorchTrainer"
        check.instance(model, "model", where, nn.Module, "pass a torch model; numpy models "
                       "(nnbook layers) go to nnbook.training.Trainer")
        check.function(loss_fn, "loss_fn", where, "pass a torch loss such as nn.CrossEntropyLoss()")
        check.instance(optimizer, "optimizer", where, torch.optim.Optimizer,
                       "pass e.g. torch.optim.Adam(model.parameters(), lr=1e-3)")
        mine = {id(p) for p in model.parameters()}
        held = {id(p) for group in optimizer.param_groups for p in group["params"]}
        if not held <= mine:          # a subset is fine: fine-tuning some layers, others frozen
            raise ValueError(f"{where}: the optimizer does not hold this model's parameters; build "
                             "it with torch.optim.SGD(model.parameters(), ...)")
        if device is not None and not isinstance(device, (str, torch.device)):
            raise TypeError(f"{where}: device must be a string such as 'cpu' or 'cuda', a "
                            f"torch.device or None, got {device!r}")
        try:
            self.device = torch.device(device) if device is not None else default_device()
        except RuntimeError as e:
            raise ValueError(f"{where}: device {device!r} is not a torch device ({e}); "
                             "use 'cpu' or 'cuda'") from None
        self.model, self.loss_fn, self.optimizer = model.to(self.device), loss_fn, optimizer
        self.seed = int(check.rng(rng, "rng", where).integers(2 ** 63))
        self.stop_on_nan = check.flag(stop_on_nan, "stop_on_nan", where)
        self.epoch = 0
        self.history = None

    # -- data at the door ------------------------------------------------------------------------
    def _tensor(self, a) -> Tensor:
        t = a if isinstance(a, Tensor) else torch.from_numpy(np.ascontiguousarray(a))
        dtype = next(self.model.parameters()).dtype
        return t.to(self.device, dtype=dtype)

    def _images(self, X, where: str) -> np.ndarray | Tensor:
        """X as the model takes it: the shape the model declares (``in_size``) if it does one."""
        X = X.detach().cpu().numpy() if isinstance(X, Tensor) else X
        X = check.array(X, "X", where, kind="float", dtype=np.float32 if not isinstance(
            X, np.ndarray) or X.dtype.kind != "f" else None, finite=True)
        if X.ndim == 0 or len(X) == 0:
            raise ValueError(f"{where} expects X of shape (N, ...) with N ≥ 1 samples, got {X.shape}")
        in_size = getattr(self.model, "in_size", None)
        if in_size is not None and X.shape[1:] != tuple(in_size):
            hint = (f"; these look like flattened images: X.reshape(len(X), {', '.join(map(str, in_size))})"
                    if X.ndim == 2 and X.shape[1] == math.prod(in_size) else "")
            raise ValueError(f"{where}: the model takes images of shape (N, "
                             f"{', '.join(map(str, in_size))}), got X of shape {X.shape}{hint}")
        return X

    def _labels(self, y, n: int, where: str) -> np.ndarray:
        y = y.detach().cpu().numpy() if isinstance(y, Tensor) else y
        y = check.array(y, "y", where, ndim=1, kind="integer")
        if len(y) != n:
            raise ValueError(f"{where}: X and y must have the same number of samples N, got "
                             f"{n} images and {len(y)} labels")
        if len(y) and y.min() < 0:
            i = int(np.argmin(y))
            raise ValueError(f"{where}: class labels are 0, ..., C-1; got y[{i}] = {y[i]}")
        return y

    def _data(self, X, y, where: str):
        """X and y checked, the labels against the number of classes the model gives (found by
        running it on one sample in eval mode, so that a label out of range is named by its
        index in y, not found inside the loss somewhere in a shuffled batch)."""
        X = self._images(X, where)
        y = self._labels(y, len(X), where)
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.no_grad():
                classes = self._scores(self._tensor(X[:1]), where).shape[1]
        finally:
            self.model.train(was_training)
        self._check_label_range(y, classes, where)
        return X, y

    def _scores(self, x: Tensor, where: str) -> Tensor:
        try:
            scores = self.model(x)
        except RuntimeError as e:          # a shape the model cannot take, said in torch's words
            raise ValueError(f"{where}: the model cannot take a batch of shape {tuple(x.shape)}: "
                             f"{str(e).splitlines()[0]}") from None
        if scores.ndim != 2:
            raise ValueError(f"{where}: the model must return class scores (N, C), returned "
                             f"shape {tuple(scores.shape)}")
        return scores

    @staticmethod
    def _check_label_range(y: np.ndarray, classes: int, where: str) -> None:
        if len(y) and y.max() >= classes:
            i = int(np.argmax(y))
            raise ValueError(f"{where}: label y[{i}] = {y[i]} is out of range for a model with "
                             f"{classes} classes (labels 0, ..., {classes - 1})")

    # -- batch, epoch, fit ---------------------------------------------------------------------
    def _step(self, Xb: np.ndarray, yb: np.ndarray, batch: int | None) -> tuple[float, float]:
        where = "TorchTrainer"
        self.model.train()
        x, y = self._tensor(Xb), torch.from_numpy(np.asarray(yb, dtype=np.int64)).to(self.device)
        self.optimizer.zero_grad()
        scores = self._scores(x, where)
        loss = self.loss_fn(scores, y)
        value = float(loss.item())
        if self.stop_on_nan and not math.isfinite(value):
            from nnbook.training import _nonfinite_loss
            raise _nonfinite_loss(where, value, self.epoch + 1, batch)
        loss.backward()
        self.optimizer.step()
        return value, float((scores.argmax(1) == y).sum().item())

    def train_batch(self, Xb, yb) -> tuple[float, float]:
        """One step on a batch; returns (loss, number correct) measured before the step."""
        Xb, yb = self._data(Xb, yb, "TorchTrainer.train_batch")
        return self._step(Xb, yb, None)

    def train_epoch(self, X, y, *, batch_size: int) -> tuple[float, float]:
        """One pass over shuffled mini-batches: (mean loss, accuracy)."""
        X, y = self._data(X, y, "TorchTrainer.train_epoch")
        batch_size = check.positive_int(batch_size, "batch_size", "TorchTrainer.train_epoch")
        return self._epoch(X, y, batch_size)

    def _epoch(self, X: np.ndarray, y: np.ndarray, batch_size: int) -> tuple[float, float]:
        order = np.random.default_rng([self.seed, self.epoch]).permutation(len(X))
        total_loss = total_correct = 0.0
        for batch, start in enumerate(range(0, len(X), batch_size), start=1):
            idx = order[start: start + batch_size]
            loss, correct = self._step(X[idx], y[idx], batch)
            total_loss += loss * len(idx)
            total_correct += correct
        self.epoch += 1
        return total_loss / len(X), total_correct / len(X)

    @torch.no_grad()
    def predict(self, X, *, batch_size: int = 512) -> np.ndarray:
        """Scores (N, C) in eval mode, as a numpy array; the previous mode is restored."""
        X = self._images(X, "TorchTrainer.predict")
        batch_size = check.positive_int(batch_size, "batch_size", "TorchTrainer.predict")
        return self._predict(X, batch_size)

    @torch.no_grad()
    def _predict(self, X: np.ndarray, batch_size: int) -> np.ndarray:
        was_training = self.model.training
        self.model.eval()
        try:
            return np.concatenate([
                self._scores(self._tensor(X[i: i + batch_size]), "TorchTrainer.predict").cpu().numpy()
                for i in range(0, len(X), batch_size)])
        finally:
            self.model.train(was_training)

    def evaluate(self, X, y, *, batch_size: int = 512) -> tuple[float, float]:
        """(loss, accuracy) in eval mode."""
        X, y = self._data(X, y, "TorchTrainer.evaluate")
        batch_size = check.positive_int(batch_size, "batch_size", "TorchTrainer.evaluate")
        return self._evaluate(X, y, batch_size)

    def _evaluate(self, X: np.ndarray, y: np.ndarray, batch_size: int) -> tuple[float, float]:
        scores = self._predict(X, batch_size)
        self._check_label_range(y, scores.shape[1], "TorchTrainer.evaluate")
        with torch.no_grad():
            loss = float(self.loss_fn(torch.from_numpy(scores), torch.from_numpy(y).long()).item())
        return loss, float(np.mean(scores.argmax(1) == y))

    def fit(self, X, y, *, val=None, epochs: int, batch_size: int,
            early_stopping: int | None = None, progress: bool = True):
        """Train for ``epochs`` epochs; returns a :class:`~nnbook.training.History` (validation
        measured after each epoch when ``val=(X_val, y_val)`` is given). With
        ``early_stopping=P`` (an integer ≥ 1) training stops after P epochs without a better
        monitored loss (the validation loss, else the training loss) and the best weights are
        restored."""
        from nnbook.training import History, _postfix, _progress_bar
        where = "TorchTrainer.fit"
        X, y = self._data(X, y, where)
        epochs = check.positive_int(epochs, "epochs", where)
        batch_size = check.positive_int(batch_size, "batch_size", where)
        if val is not None:
            val = self._data(*check.pair(val, "val", where, "(X_val, y_val)"), f"{where} (val)")
        if early_stopping is not None:
            early_stopping = check.positive_int(early_stopping, "early_stopping", where)
        progress = check.flag(progress, "progress", where)
        history = self.history = History()
        best, best_state = math.inf, None
        bar = _progress_bar(epochs, disable=not progress)
        try:
            for _ in range(epochs):
                start = time.perf_counter()
                train_loss, train_acc = self._epoch(X, y, batch_size)
                val_loss, val_acc = (self._evaluate(*val, 512) if val is not None
                                     else (math.nan, math.nan))
                for name, value in (("epoch", self.epoch), ("train_loss", train_loss),
                                    ("train_acc", train_acc), ("val_loss", val_loss),
                                    ("val_acc", val_acc),
                                    ("lr", float(self.optimizer.param_groups[0]["lr"])),
                                    ("time", time.perf_counter() - start)):
                    getattr(history, name).append(value)
                monitored = val_loss if val is not None else train_loss
                if monitored < best:
                    best, history.best_epoch = monitored, self.epoch
                    if early_stopping is not None:
                        best_state = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
                bar.set_postfix(_postfix(train_loss, train_acc, val_loss, val_acc), refresh=False)
                bar.update(1)
                if (early_stopping is not None and history.best_epoch is not None
                        and self.epoch - history.best_epoch >= early_stopping):
                    history.stopped_early = True
                    break
        finally:
            bar.close()
        if best_state is not None:
            self.model.load_state_dict(best_state)
        return history

    def __repr__(self) -> str:
        return (f"TorchTrainer(model={type(self.model).__name__}, device={self.device}, "
                f"epochs done={self.epoch})")
