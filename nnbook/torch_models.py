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

import math
import time
from collections.abc import Sequence

import numpy as np
import torch
from torch import Tensor, nn

ACTIVATIONS = {"relu": nn.ReLU, "lrelu": nn.LeakyReLU}
POOLINGS = {"max": nn.MaxPool2d, "avg": nn.AvgPool2d}


def _choice(value: str, options: dict, name: str, where: str):
    if value not in options:
        raise ValueError(f"{where}: {name} must be one of {sorted(options)}, got {value!r}")
    return options[value]


def _positive_ints(values, name: str, where: str, *, allow_empty: bool = False) -> list[int]:
    ok = isinstance(values, (list, tuple)) and (allow_empty or len(values) > 0) and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in values)
    if not ok:
        need = "a list" if allow_empty else "a non-empty list"
        raise ValueError(f"{where}: {name} must be {need} of positive integers, got {values!r}")
    return [int(v) for v in values]


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
    activation_type : "relu" or "lrelu"; activation_params : its keyword arguments.
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
        self.in_size = tuple(_positive_ints(list(in_size), "in_size (C, H, W)", where))
        if len(self.in_size) != 3:
            raise ValueError(f"{where}: in_size must be (C, H, W), got {in_size!r}")
        self.out_classes = _positive_ints([out_classes], "out_classes", where)[0]
        self.channels = _positive_ints(list(channels), "channels", where)
        self.pool_every = _positive_ints([pool_every], "pool_every", where)[0]
        self.hidden_dims = _positive_ints(list(hidden_dims), "hidden_dims", where, allow_empty=True)
        self.conv_params = dict(conv_params or {"kernel_size": 3, "padding": 1})
        _choice(activation_type, ACTIVATIONS, "activation_type", where)
        _choice(pooling_type, POOLINGS, "pooling_type", where)
        self.activation_type, self.activation_params = activation_type, dict(activation_params or {})
        self.pooling_type = pooling_type
        self.pooling_params = dict(pooling_params or {"kernel_size": 2})
        self.feature_extractor = self._make_feature_extractor()
        self.mlp = self._make_mlp()

    def _activation(self) -> nn.Module:
        return ACTIVATIONS[self.activation_type](**self.activation_params)

    def _pooling(self) -> nn.Module:
        return POOLINGS[self.pooling_type](**self.pooling_params)

    def _make_feature_extractor(self) -> nn.Sequential:
        layers, in_channels = [], self.in_size[0]
        for i, out_channels in enumerate(self.channels):
            layers += [nn.Conv2d(in_channels, out_channels, **self.conv_params), self._activation()]
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
        in_channels = _positive_ints([in_channels], "in_channels", where)[0]
        channels = _positive_ints(list(channels), "channels", where)
        kernel_sizes = _positive_ints(list(kernel_sizes), "kernel_sizes", where)
        if len(channels) != len(kernel_sizes):
            raise ValueError(f"{where}: channels and kernel_sizes must have the same length, got "
                             f"{len(channels)} and {len(kernel_sizes)}")
        if any(k % 2 == 0 for k in kernel_sizes):
            raise ValueError(f"{where}: kernel sizes must be odd so that padding k // 2 keeps the "
                             f"size, got {kernel_sizes}")
        if isinstance(dropout, bool) or not 0 <= dropout < 1:
            raise ValueError(f"{where}: dropout must be a probability in [0, 1), got {dropout!r}")
        activation = _choice(activation_type, ACTIVATIONS, "activation_type", where)
        activation_params = dict(activation_params or {})
        layers, c_in = [], in_channels
        for i, (c_out, k) in enumerate(zip(channels, kernel_sizes)):
            layers.append(nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=True))
            if i < len(channels) - 1:
                if dropout > 0:
                    layers.append(nn.Dropout2d(dropout))
                if batchnorm:
                    layers.append(nn.BatchNorm2d(c_out))
                layers.append(activation(**activation_params))
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
        inner_channels = _positive_ints(list(inner_channels), "inner_channels", where)
        inner_kernel_sizes = _positive_ints(list(inner_kernel_sizes), "inner_kernel_sizes", where)
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
    (``conv_params`` is not used: the blocks keep the size).
    """

    def __init__(self, in_size, out_classes: int, channels: Sequence[int], pool_every: int,
                 hidden_dims: Sequence[int], batchnorm: bool = False, dropout: float = 0.0,
                 bottleneck: bool = False, **kwargs):
        self.batchnorm, self.dropout, self.bottleneck = bool(batchnorm), float(dropout), bool(bottleneck)
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
    """nnbook's :class:`~nnbook.training.Trainer` for a ``torch.nn.Module``.

    ``TorchTrainer(model, loss_fn, optimizer, device=None, rng=0)``: ``loss_fn`` a torch loss
    on the scores (e.g. ``nn.CrossEntropyLoss()``), ``optimizer`` a ``torch.optim`` optimizer
    built from ``model.parameters()``; the model is moved to ``device`` (default
    :func:`default_device`). Data are numpy arrays (or tensors), X (N, C, H, W) and y (N,);
    batches go to the device one at a time. ``fit`` returns the same
    :class:`~nnbook.training.History` as the numpy Trainer, so the same plots apply, with the
    same progress bar. Shuffling of epoch t uses ``default_rng([seed, t])``.
    """

    def __init__(self, model: nn.Module, loss_fn, optimizer: torch.optim.Optimizer, *,
                 device: str | torch.device | None = None, rng: int | np.random.Generator | None = 0):
        if not isinstance(model, nn.Module):
            raise TypeError(f"TorchTrainer: model must be a torch nn.Module, got {type(model).__name__}")
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise TypeError(f"TorchTrainer: optimizer must be a torch.optim optimizer, got "
                            f"{type(optimizer).__name__}")
        self.device = torch.device(device) if device is not None else default_device()
        self.model, self.loss_fn, self.optimizer = model.to(self.device), loss_fn, optimizer
        gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self.seed = int(gen.integers(2 ** 63))
        self.epoch = 0
        self.history = None

    def _tensor(self, a, labels: bool = False) -> Tensor:
        t = a if isinstance(a, Tensor) else torch.from_numpy(np.asarray(a))
        if labels:
            return t.long().to(self.device)
        dtype = next(self.model.parameters()).dtype
        return t.to(self.device, dtype=dtype)

    def train_batch(self, Xb, yb) -> tuple[float, float]:
        """One step on a batch; returns (loss, number correct) measured before the step."""
        self.model.train()
        x, y = self._tensor(Xb), self._tensor(yb, labels=True)
        self.optimizer.zero_grad()
        scores = self.model(x)
        loss = self.loss_fn(scores, y)
        loss.backward()
        self.optimizer.step()
        return float(loss.item()), float((scores.argmax(1) == y).sum().item())

    def train_epoch(self, X, y, *, batch_size: int) -> tuple[float, float]:
        """One pass over shuffled mini-batches: (mean loss, accuracy)."""
        from nnbook.training import _check_data, _positive_int
        X, y = _check_data(X, y, "TorchTrainer.train_epoch")
        batch_size = _positive_int("TorchTrainer.train_epoch", "batch_size", batch_size)
        order = np.random.default_rng([self.seed, self.epoch]).permutation(len(X))
        total_loss = total_correct = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start: start + batch_size]
            loss, correct = self.train_batch(X[idx], y[idx])
            total_loss += loss * len(idx)
            total_correct += correct
        self.epoch += 1
        return total_loss / len(X), total_correct / len(X)

    @torch.no_grad()
    def predict(self, X, *, batch_size: int = 512) -> np.ndarray:
        """Scores (N, C) in eval mode, as a numpy array; the previous mode is restored."""
        was_training = self.model.training
        self.model.eval()
        try:
            return np.concatenate([self.model(self._tensor(X[i: i + batch_size])).cpu().numpy()
                                   for i in range(0, len(X), batch_size)])
        finally:
            self.model.train(was_training)

    def evaluate(self, X, y, *, batch_size: int = 512) -> tuple[float, float]:
        """(loss, accuracy) in eval mode."""
        scores = self.predict(X, batch_size=batch_size)
        y = np.asarray(y)
        with torch.no_grad():
            loss = float(self.loss_fn(torch.from_numpy(scores), torch.from_numpy(y).long()).item())
        return loss, float(np.mean(scores.argmax(1) == y))

    def fit(self, X, y, *, val=None, epochs: int, batch_size: int,
            early_stopping: int | None = None, progress: bool = True):
        """Train for ``epochs`` epochs; returns a :class:`~nnbook.training.History` (validation
        measured after each epoch when ``val=(X_val, y_val)`` is given). With
        ``early_stopping=P`` training stops after P epochs without a better validation loss and
        the best weights are restored."""
        from nnbook.training import History, _positive_int, _postfix, _progress_bar
        epochs = _positive_int("TorchTrainer.fit", "epochs", epochs)
        history = self.history = History()
        best, best_state = math.inf, None
        bar = _progress_bar(epochs, disable=not progress)
        try:
            for _ in range(epochs):
                start = time.perf_counter()
                train_loss, train_acc = self.train_epoch(X, y, batch_size=batch_size)
                val_loss, val_acc = self.evaluate(*val) if val is not None else (math.nan, math.nan)
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
                if early_stopping is not None and self.epoch - history.best_epoch >= early_stopping:
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
