r"""Data augmentation for image batches: random shifts, flips and Gaussian noise.

Chapter: Regularization, section "Data augmentation".

Every transform takes a batch of images X (N, C, H, W) and an explicit
``numpy.random.Generator`` (or an integer seed) and returns a new array of the same shape and
dtype; X itself is never changed. Images stored flat, X (N, C·H·W) as the MLP chapters keep the
digits, are accepted with ``image_shape=(C, H, W)`` and come back flat.

The classes (:class:`RandomShift`, :class:`RandomFlip`, :class:`GaussianNoise`,
:class:`Compose`) wrap the same functions as callables ``transform(X, rng) -> X``, the form
:class:`nnbook.training.Trainer` takes as ``transform=`` to augment every training batch::

    augment = Compose(RandomShift(1, image_shape=(1, 8, 8)), GaussianNoise(0.05))
    trainer = Trainer(model, loss, optimizer, transform=augment, rng=0)

Augmentation is applied to training batches only, never to validation or test data.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nnbook import _validate as check

Rng = int | np.random.Generator
Transform = Callable[[np.ndarray, np.random.Generator], np.ndarray]


# -- checks ------------------------------------------------------------------------------------
def _generator(rng, where: str) -> np.random.Generator:
    """A Generator (used as is) or a seed ≥ 0; None is refused: a run must be reproducible."""
    if rng is None:
        raise TypeError(f"{where}: rng must be a numpy.random.Generator or a seed (an integer ≥ 0), "
                        "got None; augmentation never draws from an unseeded source: pass e.g. rng=0")
    return rng if isinstance(rng, np.random.Generator) else check.rng(rng, "rng", where)


def _image_shape(image_shape, where: str) -> tuple[int, int, int] | None:
    if image_shape is None:
        return None
    return check.shape(image_shape, "image_shape (C, H, W)", where, ndim=3)


def _images(X, image_shape, where: str) -> tuple[np.ndarray, tuple[int, ...]]:
    """X as (N, C, H, W) in its own dtype (integers, e.g. uint8 pixels, stay integers), and the
    shape to return it in."""
    X = check.array(X, "X", where)
    if X.dtype.kind not in "iuf":
        raise TypeError(f"{where}: X must be a numeric (integer or float) array of images, "
                        f"got dtype {X.dtype}")
    shape = _image_shape(image_shape, where)
    if shape is None:
        if X.ndim != 4:
            hint = (f"; for flattened images pass image_shape=(C, H, W), e.g. (1, 8, 8) for "
                    f"the 64-pixel digits" if X.ndim == 2 else "")
            raise ValueError(f"{where} expects images X of shape (N, C, H, W), got an array of "
                             f"shape {X.shape}{hint}")
        return X, X.shape
    C, H, W = shape
    if X.ndim != 2 or X.shape[1] != C * H * W:
        raise ValueError(f"{where} with image_shape={shape} expects flattened images X of shape "
                         f"(N, {C * H * W}), got {X.shape}")
    return X.reshape(len(X), C, H, W), X.shape


def _probability(p, where: str, name: str = "p") -> float:
    return check.probability(p, f"{name} (a probability)", where)


def _std(std, where: str) -> float:
    return check.number(std, "std", where, low=0)


def _fill(fill, dtype: np.dtype, where: str):
    """The value shifted-in pixels get, representable in the images' dtype."""
    fill = check.number(fill, "fill", where)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if not fill.is_integer() or not info.min <= fill <= info.max:
            raise ValueError(f"{where}: fill must be a whole number in [{info.min}, {info.max}] for "
                             f"{dtype} images, got {fill!r}")
        return dtype.type(fill)
    return fill


def _clip(clip, where: str) -> tuple[float, float] | None:
    """None, or a pair (low, high) of numbers with low < high."""
    if clip is None:
        return None
    if not isinstance(clip, (tuple, list)) or len(clip) != 2:
        raise TypeError(f"{where}: clip must be a pair (low, high) or None, got {clip!r}; "
                        "e.g. clip=(0, 1)")
    low, high = (check.number(v, f"clip[{i}]", where) for i, v in enumerate(clip))
    if not low < high:
        raise ValueError(f"{where}: clip must be a pair (low, high) with low < high, got {clip!r}")
    return low, high


# -- the transforms as functions ------------------------------------------------------------------
def random_shift(X: np.ndarray, max_shift: int, *, rng: Rng, fill: float = 0.0,
                 image_shape: Sequence[int] | None = None) -> np.ndarray:
    r"""Shift each image by its own random whole number of pixels, vertically and horizontally.

    For every image n, offsets :math:`d_y, d_x` are drawn uniformly from
    :math:`\{-s, \dots, s\}` (s = ``max_shift``) and :math:`\mathrm{out}[n, c, i, j] =
    X[n, c, i - d_y, j - d_x]`, with ``fill`` where that pixel lies outside the image (0 is the
    digits' background). A positive :math:`d_x` moves the content to the right.

    Shape: X (N, C, H, W) -> (N, C, H, W); or (N, C·H·W) with ``image_shape=(C, H, W)``.
    """
    where = "random_shift"
    X4, out_shape = _images(X, image_shape, where)
    N, C, H, W = X4.shape
    s = check.integer(max_shift, "max_shift", where, low=0, high=min(H, W) - 1)
    fill = _fill(fill, X4.dtype, where)
    gen = _generator(rng, where)
    dy, dx = gen.integers(-s, s + 1, size=(2, N))
    padded = np.pad(X4, ((0, 0), (0, 0), (s, s), (s, s)), constant_values=fill)
    rows = np.arange(H)[None, :] + (s - dy)[:, None]          # (N, H): source row in padded
    cols = np.arange(W)[None, :] + (s - dx)[:, None]          # (N, W)
    n = np.arange(N)[:, None, None, None]
    c = np.arange(C)[None, :, None, None]
    out = padded[n, c, rows[:, None, :, None], cols[:, None, None, :]]   # (N, C, H, W)
    return out.reshape(out_shape)


def random_flip(X: np.ndarray, *, rng: Rng, p: float = 0.5, axis: str = "horizontal",
                image_shape: Sequence[int] | None = None) -> np.ndarray:
    """Mirror each image with probability ``p``, left-right (``axis="horizontal"``) or
    upside down (``"vertical"``).

    Only where a mirrored image is still an image of the same class: a mirrored cat is a cat,
    a mirrored 2 is not a 2 (so the digits chapter does not flip).

    Shape: X (N, C, H, W) -> (N, C, H, W); or (N, C·H·W) with ``image_shape=(C, H, W)``.
    """
    where = "random_flip"
    X4, out_shape = _images(X, image_shape, where)
    p = _probability(p, where)
    check.choice(axis, "axis", where, ("horizontal", "vertical"))
    gen = _generator(rng, where)
    flip = gen.random(len(X4)) < p
    out = X4.copy()
    ax = 3 if axis == "horizontal" else 2
    out[flip] = np.flip(X4[flip], axis=ax)
    return out.reshape(out_shape)


def gaussian_noise(X: np.ndarray, std: float, *, rng: Rng, clip: tuple[float, float] | None = None,
                   image_shape: Sequence[int] | None = None) -> np.ndarray:
    r""":math:`\mathrm{out} = X + \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, \sigma^2)`
    independently per pixel (σ = ``std``), optionally clipped to ``clip = (low, high)``.

    Shape: X (N, C, H, W) -> (N, C, H, W); or (N, C·H·W) with ``image_shape=(C, H, W)``.
    X must hold floats (noise on integer pixels would be rounded away or change the dtype).
    """
    where = "gaussian_noise"
    X4, out_shape = _images(X, image_shape, where)
    if X4.dtype.kind != "f":
        raise TypeError(f"{where}: X must be a floating-point array, got dtype {X4.dtype}; "
                        "convert it first, e.g. X.astype(np.float32) / 255")
    std = _std(std, where)
    clip = _clip(clip, where)
    gen = _generator(rng, where)
    out = X4 + (std * gen.standard_normal(X4.shape)).astype(X4.dtype)
    if clip is not None:
        out = np.clip(out, clip[0], clip[1])
    return out.reshape(out_shape)


# -- the same as callables for the Trainer ----------------------------------------------------------
class RandomShift:
    """``RandomShift(max_shift)(X, rng)`` = :func:`random_shift` (X, max_shift, rng=rng)."""

    def __init__(self, max_shift: int, *, fill: float = 0.0,
                 image_shape: Sequence[int] | None = None):
        self.max_shift = check.nonnegative_int(max_shift, "max_shift", "RandomShift")
        self.fill = check.number(fill, "fill", "RandomShift")
        self.image_shape = _image_shape(image_shape, "RandomShift")

    def __call__(self, X: np.ndarray, rng: Rng) -> np.ndarray:
        return random_shift(X, self.max_shift, rng=rng, fill=self.fill, image_shape=self.image_shape)

    def __repr__(self) -> str:
        return f"RandomShift(max_shift={self.max_shift})"


class RandomFlip:
    """``RandomFlip(p, axis)(X, rng)`` = :func:`random_flip` (X, rng=rng, p=p, axis=axis)."""

    def __init__(self, p: float = 0.5, *, axis: str = "horizontal",
                 image_shape: Sequence[int] | None = None):
        self.p = _probability(p, "RandomFlip")
        self.axis = check.choice(axis, "axis", "RandomFlip", ("horizontal", "vertical"))
        self.image_shape = _image_shape(image_shape, "RandomFlip")

    def __call__(self, X: np.ndarray, rng: Rng) -> np.ndarray:
        return random_flip(X, rng=rng, p=self.p, axis=self.axis, image_shape=self.image_shape)

    def __repr__(self) -> str:
        return f"RandomFlip(p={self.p}, axis={self.axis!r})"


class GaussianNoise:
    """``GaussianNoise(std)(X, rng)`` = :func:`gaussian_noise` (X, std, rng=rng)."""

    def __init__(self, std: float, *, clip: tuple[float, float] | None = None,
                 image_shape: Sequence[int] | None = None):
        self.std, self.clip = _std(std, "GaussianNoise"), _clip(clip, "GaussianNoise")
        self.image_shape = _image_shape(image_shape, "GaussianNoise")

    def __call__(self, X: np.ndarray, rng: Rng) -> np.ndarray:
        return gaussian_noise(X, self.std, rng=rng, clip=self.clip, image_shape=self.image_shape)

    def __repr__(self) -> str:
        return f"GaussianNoise(std={self.std})"


class Compose:
    """Apply transforms one after another, all drawing from the same generator."""

    def __init__(self, *transforms: Transform):
        for i, t in enumerate(transforms):
            if not callable(t):
                raise TypeError(f"Compose: item {i} is {type(t).__name__}, not a transform "
                                "f(X, rng) -> X")
        self.transforms = list(transforms)

    def __call__(self, X: np.ndarray, rng: Rng) -> np.ndarray:
        gen = _generator(rng, "Compose")
        for t in self.transforms:
            X = t(X, gen)
        return X

    def __repr__(self) -> str:
        return f"Compose({', '.join(map(repr, self.transforms))})"
