# Generated from solutions/cnn.py by `make exercises`: fill in the stubs, then
# grade your work with `make grade CHAPTER=cnn`.
"""Exercises of the chapter "Convolutional networks".

The package already has ``Conv2d`` (naive and im2col), max and average pooling, ``Flatten``,
``Dropout2d`` and the torch models; these exercises ask for what lies beside them: a 1-D
convolution and its backward pass, global average pooling, a depthwise-separable and a
transposed convolution, and a receptive-field calculator. You may call anything in ``nnbook``
(for example :func:`nnbook.conv.conv2d_forward`).

Write vectorised numpy where you can (loops over kernel offsets or channels are fine, loops
over samples are not needed), keep the dtype of the input (float32 in, float32 out) and never
modify an input array in place. Grade your work with ``make grade CHAPTER=cnn`` or one exercise
with ``make grade EXERCISE=6.1``.

Shapes use fixed letters: N samples, C input channels, F filters (output channels), L the length
of a 1-D signal, H, W image height and width, K kernel size, S stride, P padding.
"""
from __future__ import annotations

import numpy as np

from nnbook.conv import conv2d_forward


# --- Exercise 6.1: 1-D convolution, forward (2 points) --------------------------------------------
# implement · ★★☆ · about 30 minutes
# Task: Write a 1-D convolution (cross-correlation) of a batch of signals with stride and padding,
# vectorised.
# Taught in book/cnn/02_from_scratch.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.1`). Grade it with `make grade EXERCISE=6.1`.

def conv1d_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1,
                   padding: int = 0) -> np.ndarray:
    r"""A 1-D convolution (cross-correlation, as ``torch.nn.functional.conv1d``):

    .. math:: \mathrm{out}_{n,f,i} = b_f + \sum_{c}\sum_{k=0}^{K-1} w_{f,c,k}\; x^{\mathrm{pad}}_{n,c,\,S i + k},
              \qquad L' = \Big\lfloor \frac{L + 2P - K}{S} \Big\rfloor + 1

    where :math:`x^{\mathrm{pad}}` is x with P zeros added at both ends of its last axis.

    Parameters: ``x`` (N, C, L); ``w`` (F, C, K); ``b`` (F,); ``stride`` S ≥ 1; ``padding`` P ≥ 0.
    Returns out (N, F, L') in x's dtype.
    Raises ValueError when x is not 3-D, w's C differs from x's, or L' < 1.
    """
    raise NotImplementedError("Exercise 6.1 (1-D convolution, forward): implement conv1d_forward")


# --- Exercise 6.2: 1-D convolution, backward (3 points) -------------------------------------------
# implement · ★★★ · about 45 minutes
# Task: Write the backward pass of the 1-D convolution: the gradients for x, w and b.
# Taught in book/cnn/02_from_scratch.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.2`). Grade it with `make grade EXERCISE=6.2`.

def conv1d_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1,
                    padding: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The gradients of :func:`conv1d_forward` given the upstream gradient ``dout`` (N, F, L'):
    ∂L/∂x, ∂L/∂w and ∂L/∂b for the same x, w, stride and padding (section 2 derives them for
    the 2-D convolution).

    Parameters: ``dout`` (N, F, L'); ``x`` (N, C, L); ``w`` (F, C, K); ``stride`` S; ``padding`` P.
    Returns ``(dx, dw, db)`` shaped like x (N, C, L), w (F, C, K) and (F,), in x's dtype.
    """
    raise NotImplementedError("Exercise 6.2 (1-D convolution, backward): implement conv1d_backward")


# --- Exercise 6.3: Global average pooling (2 points) ----------------------------------------------
# implement · ★☆☆ · about 15 minutes
# Task: Write global average pooling and its backward pass.
# Taught in book/cnn/03_numpy_cnn.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.3`). Grade it with `make grade EXERCISE=6.3`.

def global_avg_pool(x: np.ndarray) -> np.ndarray:
    r"""Global average pooling (Lin et al., 2014): the mean of each feature map,
    :math:`\mathrm{out}_{n,c} = \frac{1}{HW}\sum_{i,j} x_{n,c,i,j}`.

    Parameters: ``x`` (N, C, H, W). Returns out (N, C) in x's dtype.
    Raises ValueError when x is not 4-D.
    """
    raise NotImplementedError("Exercise 6.3 (Global average pooling): implement global_avg_pool")


def global_avg_pool_backward(dout: np.ndarray, x_shape: tuple[int, int, int, int]) -> np.ndarray:
    r"""The gradient of :func:`global_avg_pool`: dx = ∂L/∂x given dout = ∂L/∂out.

    Parameters: ``dout`` (N, C); ``x_shape`` the shape (N, C, H, W) of the pooled input.
    Returns dx (N, C, H, W) in dout's dtype (a new, writable array).
    Raises ValueError when x_shape is not four non-negative ints or dout is not (N, C).
    """
    raise NotImplementedError("Exercise 6.3 (Global average pooling): implement global_avg_pool_backward")


# --- Exercise 6.4: Depthwise-separable convolution (2 points) -------------------------------------
# implement · ★★☆ · about 30 minutes
# Task: Write a depthwise-separable convolution: a per-channel K × K convolution followed by a 1 × 1
# convolution that mixes the channels.
# Taught in book/cnn/04_pytorch.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.4`). Grade it with `make grade EXERCISE=6.4`.

def depthwise_separable_conv(x: np.ndarray, w_depth: np.ndarray, w_point: np.ndarray,
                             padding: int = 0) -> np.ndarray:
    r"""A depthwise-separable convolution (MobileNet, Howard et al., 2017), without biases, stride 1.

    First each channel is convolved with its own K × K filter (depthwise):
    :math:`z_{n,c} = x_{n,c} \star w^{\mathrm{depth}}_{c,0}`, as ``torch.nn.functional.conv2d(x,
    w_depth, padding=P, groups=C)``; then a 1×1 convolution mixes the channels (pointwise):
    :math:`\mathrm{out}_{n,f,i,j} = \sum_c w^{\mathrm{point}}_{f,c}\, z_{n,c,i,j}`.
    It has :math:`C K^2 + F C` weights where a full convolution has :math:`F C K^2`.

    Parameters: ``x`` (N, C, H, W); ``w_depth`` (C, 1, K, K); ``w_point`` (F, C); ``padding`` P ≥ 0.
    Returns out (N, F, H', W') with :math:`H' = H + 2P - K + 1`, in x's dtype.
    Raises ValueError when x is not 4-D or w_depth's or w_point's C differs from x's.
    """
    raise NotImplementedError("Exercise 6.4 (Depthwise-separable convolution): implement depthwise_separable_conv")


# --- Exercise 6.5: Transposed convolution (3 points) ----------------------------------------------
# implement · ★★★ · about 45 minutes
# Task: Write a transposed convolution with stride and padding: every input pixel scatters a
# weighted copy of the kernel into the output.
# Taught in book/cnn/02_from_scratch.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.5`). Grade it with `make grade EXERCISE=6.5`.

def conv_transpose2d(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    r"""A transposed convolution ("deconvolution"), as ``torch.nn.functional.conv_transpose2d``
    without bias: every input pixel :math:`x_{n,c,i,j}` adds :math:`x_{n,c,i,j}\, w_{c,f}` (a K × K
    patch) into the output at rows :math:`Si .. Si + K - 1` and columns :math:`Sj .. Sj + K - 1`;
    then P rows and columns are cut from every border:

    .. math:: H' = (H - 1)\,S - 2P + K

    It is the backward pass of a convolution with respect to its input, and it upsamples by S.

    Parameters: ``x`` (N, C, H, W); ``w`` (C, F, K, K) (note: input channels first, as torch);
    ``stride`` S ≥ 1; ``padding`` P ≥ 0. Returns out (N, F, H', W') in x's dtype.
    Raises ValueError when x is not 4-D, w's C differs from x's, or H' < 1 or W' < 1.
    """
    raise NotImplementedError("Exercise 6.5 (Transposed convolution): implement conv_transpose2d")


# --- Exercise 6.6: Receptive field (1 point) ------------------------------------------------------
# implement · ★☆☆ · about 15 minutes
# Task: Compute the receptive field after each layer of a stack of convolutions and poolings given
# by kernel, stride and dilation.
# Taught in book/cnn/01_convolution.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.6`). Grade it with `make grade EXERCISE=6.6`.

def receptive_field(layers: list[tuple[int, int, int]]) -> list[int]:
    r"""The receptive field of a stack of convolution and pooling layers.

    ``layers`` lists (kernel K, stride S, dilation d) of each layer, input first. A unit after
    layer l sees :math:`r_l` input pixels along each axis (section 1, "Receptive fields"); padding
    does not change it. Returns ``[r_1, ..., r_L]``, Python ints.
    Raises ValueError when a kernel, stride or dilation is below 1.
    """
    raise NotImplementedError("Exercise 6.6 (Receptive field): implement receptive_field")


# --- Exercise 6.7: Predict: the shape and size of a conv stack (1 point) --------------------------
# predict · ★★☆ · about 20 minutes
# Task: Before running it: predict the output shape and the number of parameters of a four-layer
# stack of convolutions and max pooling on a 3 × 28 × 28 image.
# Taught in book/cnn/01_convolution.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.7`). Grade it with `make grade EXERCISE=6.7`.

def predict_conv_output_shape() -> tuple[int, int, int]:
    r"""Predict, before you run it: the output shape of a small convolutional stack.

    An RGB image of 28 × 28 pixels, x of shape (1, 3, 28, 28), goes through

    1. ``Conv2d(3, 16, 5, padding=2)``,
    2. ``MaxPool2d(2)`` (window 2, stride 2),
    3. ``Conv2d(16, 32, 3, stride=2, padding=1)``,
    4. ``Conv2d(32, 64, 3, stride=2)`` (no padding),

    (``nnbook.conv``'s layers, with a bias each). Return the shape (F, H, W) of one output (the
    sample axis left out), as three Python ints.
    """
    raise NotImplementedError("Exercise 6.7 (Predict: the shape and size of a conv stack): implement predict_conv_output_shape")


def predict_conv_parameters() -> int:
    """Predict, before you count them: the number of trainable numbers (weights and biases) of the
    stack of :func:`predict_conv_output_shape`, as a Python int."""
    raise NotImplementedError("Exercise 6.7 (Predict: the shape and size of a conv stack): implement predict_conv_parameters")


# --- Exercise 6.8: Max pooling, debugged (2 points) -----------------------------------------------
# debug · ★☆☆ · about 15 minutes
# Task: The given max_pool2d is right for some image sizes, but on others it returns fewer windows
# than torch.nn.MaxPool2d. Find the bug and fix it.
# Taught in book/cnn/02_from_scratch.ipynb; its hints are in the exercise's box there (or
# `nnbook hint 6.8`). Grade it with `make grade EXERCISE=6.8`.

def max_pool2d(x: np.ndarray, size: int, stride: int | None = None) -> np.ndarray:
    r"""Max pooling over square windows of each channel.

    .. math:: \mathrm{out}_{n,c,i,j} = \max_{0 \le k, l < K} x_{n,\,c,\, iS + k,\, jS + l}

    with K = ``size`` and S = ``stride`` (default: K, windows that do not overlap). Windows that
    would reach past the border are left out (no padding), as in ``torch.nn.MaxPool2d``.

    Parameters: x (N, C, H, W), float; size K ≥ 1; stride S ≥ 1. Returns out (N, C, H', W') in
    x's dtype, with one entry per window that fits. Raises ValueError when x is not 4-D, K or S is
    below 1, or the window is larger than the image.

    The code below runs and is right for some sizes, but on other inputs it returns fewer
    windows than ``torch.nn.MaxPool2d``: find the bug and fix it.
    """
    stride = size if stride is None else stride
    if np.ndim(x) != 4:
        raise ValueError(f"max_pool2d: x must be (N, C, H, W), got shape {np.shape(x)}")
    if size < 1 or stride < 1:
        raise ValueError(f"max_pool2d: size and stride must be ≥ 1, got size={size}, stride={stride}")
    N, C, H, W = x.shape
    if size > H or size > W:
        raise ValueError(f"max_pool2d: a {size}×{size} window does not fit an image of {H}×{W}")
    Ho, Wo = (H - size + 1) // stride, (W - size + 1) // stride
    out = np.empty((N, C, Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
