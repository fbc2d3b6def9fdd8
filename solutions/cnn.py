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


# --- 6.1 1-D convolution, forward ---------------------------------------------------------------------

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
    # BEGIN SOLUTION
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    if x.ndim != 3:
        raise ValueError(f"conv1d_forward expects x of shape (N, C, L), got {x.shape}")
    N, C, L = x.shape
    F, Cw, K = w.shape
    if Cw != C:
        raise ValueError(f"conv1d_forward: x has {C} channels but w {w.shape} expects {Cw}")
    L_out = (L + 2 * padding - K) // stride + 1
    if L_out < 1:
        raise ValueError(f"conv1d_forward: no output, L' = (L + 2P - K) // S + 1 = {L_out} "
                         f"for L={L}, K={K}, S={stride}, P={padding}")
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    idx = stride * np.arange(L_out)[:, None] + np.arange(K)         # (L', K)
    windows = xp[:, :, idx]                                          # (N, C, L', K)
    out = np.einsum("nclk,fck->nfl", windows, w) + b[None, :, None]
    return out.astype(x.dtype, copy=False)
    # END SOLUTION


# --- 6.2 1-D convolution, backward --------------------------------------------------------------------

def conv1d_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1,
                    padding: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The gradients of :func:`conv1d_forward` given the upstream gradient ``dout`` (N, F, L'):
    ∂L/∂x, ∂L/∂w and ∂L/∂b for the same x, w, stride and padding (section 2 derives them for
    the 2-D convolution).

    Parameters: ``dout`` (N, F, L'); ``x`` (N, C, L); ``w`` (F, C, K); ``stride`` S; ``padding`` P.
    Returns ``(dx, dw, db)`` shaped like x (N, C, L), w (F, C, K) and (F,), in x's dtype.
    """
    # BEGIN SOLUTION
    dout, x, w = np.asarray(dout), np.asarray(x), np.asarray(w)
    N, C, L = x.shape
    F, _, K = w.shape
    L_out = dout.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    idx = stride * np.arange(L_out)[:, None] + np.arange(K)          # (L', K)
    windows = xp[:, :, idx]                                           # (N, C, L', K)
    dw = np.einsum("nfl,nclk->fck", dout, windows)
    db = dout.sum(axis=(0, 2))
    dwin = np.einsum("nfl,fck->nclk", dout, w)                        # (N, C, L', K)
    dxp = np.zeros_like(xp, dtype=np.result_type(dout, x))
    for k in range(K):
        dxp[:, :, k: k + stride * (L_out - 1) + 1: stride] += dwin[:, :, :, k]
    dx = dxp[:, :, padding: padding + L]
    return dx.astype(x.dtype, copy=False), dw.astype(x.dtype, copy=False), db.astype(x.dtype, copy=False)
    # END SOLUTION


# --- 6.3 global average pooling ---------------------------------------------------------------------

def global_avg_pool(x: np.ndarray) -> np.ndarray:
    r"""Global average pooling (Lin et al., 2014): the mean of each feature map,
    :math:`\mathrm{out}_{n,c} = \frac{1}{HW}\sum_{i,j} x_{n,c,i,j}`.

    Parameters: ``x`` (N, C, H, W). Returns out (N, C) in x's dtype.
    Raises ValueError when x is not 4-D.
    """
    # BEGIN SOLUTION
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"global_avg_pool expects x of shape (N, C, H, W), got {x.shape}")
    return x.mean(axis=(2, 3)).astype(x.dtype, copy=False)
    # END SOLUTION


def global_avg_pool_backward(dout: np.ndarray, x_shape: tuple[int, int, int, int]) -> np.ndarray:
    r"""The gradient of :func:`global_avg_pool`: dx = ∂L/∂x given dout = ∂L/∂out.

    Parameters: ``dout`` (N, C); ``x_shape`` the shape (N, C, H, W) of the pooled input.
    Returns dx (N, C, H, W) in dout's dtype (a new, writable array).
    Raises ValueError when x_shape is not four non-negative ints or dout is not (N, C).
    """
    # BEGIN SOLUTION
    dout = np.asarray(dout)
    if (not isinstance(x_shape, (tuple, list)) or len(x_shape) != 4
            or not all(isinstance(n, (int, np.integer)) and n >= 0 for n in x_shape)):
        raise ValueError(f"global_avg_pool_backward: x_shape must be (N, C, H, W), got {x_shape!r}")
    N, C, H, W = (int(n) for n in x_shape)
    if dout.shape != (N, C):
        raise ValueError(f"global_avg_pool_backward expects dout of shape (N, C) = {(N, C)} for "
                         f"x_shape {tuple(x_shape)}, got {dout.shape}")
    dx = np.empty((N, C, H, W), dtype=dout.dtype)
    dx[...] = (dout / (H * W))[:, :, None, None]
    return dx
    # END SOLUTION


# --- 6.4 depthwise-separable convolution -------------------------------------------------------------

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
    # BEGIN SOLUTION
    x, w_depth, w_point = np.asarray(x), np.asarray(w_depth), np.asarray(w_point)
    if x.ndim != 4:
        raise ValueError(f"depthwise_separable_conv expects x (N, C, H, W), got {x.shape}")
    C = x.shape[1]
    if w_depth.shape[:2] != (C, 1) or w_point.ndim != 2 or w_point.shape[1] != C:
        raise ValueError(f"depthwise_separable_conv: x has {C} channels; w_depth must be ({C}, 1, K, K) "
                         f"and w_point (F, {C}), got {w_depth.shape} and {w_point.shape}")
    z = np.concatenate([conv2d_forward(x[:, c: c + 1], w_depth[c: c + 1], None, padding=padding)[0]
                        for c in range(C)], axis=1)                 # (N, C, H', W')
    out = np.einsum("fc,nchw->nfhw", w_point, z)
    return out.astype(x.dtype, copy=False)
    # END SOLUTION


# --- 6.5 transposed convolution ---------------------------------------------------------------------

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
    # BEGIN SOLUTION
    x, w = np.asarray(x), np.asarray(w)
    if x.ndim != 4 or w.ndim != 4 or w.shape[0] != x.shape[1]:
        raise ValueError(f"conv_transpose2d expects x (N, C, H, W) and w (C, F, K, K) with the same C, "
                         f"got {x.shape} and {w.shape}")
    N, C, H, W = x.shape
    _, F, KH, KW = w.shape
    Ho, Wo = (H - 1) * stride - 2 * padding + KH, (W - 1) * stride - 2 * padding + KW
    if Ho < 1 or Wo < 1:
        raise ValueError(f"conv_transpose2d: no output, H' = (H - 1)S - 2P + K = {Ho}, W' = {Wo}")
    full = np.zeros((N, F, (H - 1) * stride + KH, (W - 1) * stride + KW), dtype=np.result_type(x, w))
    for k in range(KH):
        for l in range(KW):
            full[:, :, k: k + stride * (H - 1) + 1: stride, l: l + stride * (W - 1) + 1: stride] += \
                np.einsum("nchw,cf->nfhw", x, w[:, :, k, l])
    out = full[:, :, padding: padding + Ho, padding: padding + Wo]
    return out.astype(x.dtype)
    # END SOLUTION


# --- 6.6 receptive field -----------------------------------------------------------------------------

def receptive_field(layers: list[tuple[int, int, int]]) -> list[int]:
    r"""The receptive field of a stack of convolution and pooling layers.

    ``layers`` lists (kernel K, stride S, dilation d) of each layer, input first. A unit after
    layer l sees :math:`r_l` input pixels along each axis (section 1, "Receptive fields"); padding
    does not change it. Returns ``[r_1, ..., r_L]``, Python ints.
    Raises ValueError when a kernel, stride or dilation is below 1.
    """
    # BEGIN SOLUTION
    r, j, sizes = 1, 1, []
    for K, S, d in layers:
        if K < 1 or S < 1 or d < 1:
            raise ValueError(f"receptive_field: kernel, stride and dilation must be ≥ 1, got {(K, S, d)}")
        r += d * (K - 1) * j
        j *= S
        sizes.append(int(r))
    return sizes
    # END SOLUTION


# --- 6.7 the shape and size of a conv stack -------------------------------------------------------------

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
    # BEGIN SOLUTION
    size = 28
    for kernel, stride, padding in ((5, 1, 2), (2, 2, 0), (3, 2, 1), (3, 2, 0)):
        size = (size + 2 * padding - kernel) // stride + 1
    return 64, size, size
    # END SOLUTION


def predict_conv_parameters() -> int:
    """Predict, before you count them: the number of trainable numbers (weights and biases) of the
    stack of :func:`predict_conv_output_shape`, as a Python int."""
    # BEGIN SOLUTION
    return sum(C * F * K * K + F for C, F, K in ((3, 16, 5), (16, 32, 3), (32, 64, 3)))
    # END SOLUTION


# --- 6.8 max pooling, debugged ------------------------------------------------------------------------

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
    # BEGIN SOLUTION
    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1
    # BEGIN STUB
    # Ho, Wo = (H - size + 1) // stride, (W - size + 1) // stride
    # END STUB
    # END SOLUTION
    out = np.empty((N, C, Ho, Wo), dtype=x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
