r"""Convolution and pooling: images (N, C, H, W), filters (F, C, HH, WW), forward and backward.

Chapter: Convolutional networks, sections "Convolution" and "Conv and pooling from scratch".

A convolutional layer slides F filters of shape (C, HH, WW) over an image and takes a dot
product at every position (strictly a *cross-correlation*; every deep-learning library calls it
convolution):

.. math:: \mathrm{out}_{n,f,i,j} = b_f + \sum_{c, k, l} w_{f,c,k,l}\,
          x^{\mathrm{pad}}_{n,\,c,\; S i + d k,\; S j + d l}

with stride S, dilation d and zero padding P. The output size in each direction is

.. math:: H' = \left\lfloor \frac{H + 2P - d\,(HH - 1) - 1}{S} \right\rfloor + 1.

Two implementations that compute the same numbers:

* :func:`conv2d_forward_naive` / :func:`conv2d_backward_naive`: the formula as loops, to read;
* :func:`conv2d_forward` / :func:`conv2d_backward`: *im2col*, every receptive field copied into
  one column of a matrix so that a convolution is a matrix product (and backward two).
  The layers use it. Each image's columns are one matrix (C·HH·WW, H'·W'), channels first, so
  that the products take and give contiguous arrays in the (N, C, H, W) world without
  transposing anything: ``w_mat @ cols`` with cols (N, C·HH·WW, H'·W') is numpy's matmul over
  the batch, one product per image in one call. Backward ("col2im") adds the columns back, one
  shifted addition per kernel offset, all in one numpy call. The batch goes through in blocks
  of a few images, on as many threads as numpy's BLAS uses (:mod:`nnbook._threads`): the same
  products, a block at a time.

Shapes: N images, C input channels, H × W input size, F filters, HH × WW kernel,
H' × W' output size.
"""
from __future__ import annotations

import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

from nnbook import _validate as check
from nnbook._threads import blas_threads, over_blocks
from nnbook.layers import Layer, Parameter

Rng = int | np.random.Generator | None


# -- settings and shapes -------------------------------------------------------------------------
def _pair(value, name: str, where: str, *, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, each ≥ ``minimum``, as a pair (TypeError for another kind of
    thing, ValueError for a wrong number)."""
    expected = f"an integer ≥ {minimum} or a pair of them"
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{where}: {name} must be {expected}, got {value!r} ({len(value)} entries)")
        items = value
    else:
        items = (value, value)
    for v in items:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{where}: {name} must be {expected}, got {value!r}"
                            + (f"; pass {name}={int(v)} (an int, not a float)"
                               if isinstance(v, float) and v.is_integer() else ""))
        if v < minimum:
            raise ValueError(f"{where}: {name} must be {expected}, got {value!r}")
    return int(items[0]), int(items[1])


def output_size(size: int, kernel: int, *, stride: int = 1, padding: int = 0,
                dilation: int = 1) -> int:
    r"""Output length of a convolution or pooling along one axis:
    :math:`\lfloor (H + 2P - d(HH - 1) - 1) / S \rfloor + 1`; 0 or less means it does not fit."""
    where = "output_size"
    size = check.nonnegative_int(size, "size", where)
    kernel = check.positive_int(kernel, "kernel", where)
    stride = check.positive_int(stride, "stride", where)
    padding = check.nonnegative_int(padding, "padding", where)
    dilation = check.positive_int(dilation, "dilation", where)
    return _output_size(size, kernel, stride, padding, dilation)


def _output_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """:func:`output_size` for settings already checked (the layers' hot path)."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _floats(value, name: str, where: str) -> np.ndarray:
    """``value`` as a floating array (integers and bools become float64), or the error that
    names it: a string, None, an object array or a ragged list is not an array of numbers."""
    if type(value) is np.ndarray and value.dtype.kind == "f":      # the common case, fast
        return value
    value = check.array(value, name, where)
    return value if value.dtype.kind == "f" else value.astype(np.float64)


_FORMULA = "H' = floor((H + 2P - d(HH - 1) - 1) / S) + 1"


def _check_images(x, where: str, channels: int | None = None) -> np.ndarray:
    """x as a float array of shape (N, C, H, W), or a ValueError that guesses what went wrong."""
    x = _floats(x, "x", where)
    if x.ndim != 4:
        hint = ""
        if x.ndim == 2:
            hint = ("; these look like flattened images: reshape them to (N, C, H, W), "
                    "e.g. x.reshape(N, C, H, W) or load(..., flatten=False)")
        elif x.ndim == 3:
            hint = "; a single image? add the batch axis: x[None]; or add the channel axis: x[:, None]"
        raise ValueError(f"{where} expects images x of shape (N, C, H, W), got {x.shape}{hint}")
    if channels is not None and x.shape[1] != channels:
        hint = ""
        if x.shape[3] == channels:
            hint = (f"; these look channels-last (N, H, W, C): use x.transpose(0, 3, 1, 2)")
        raise ValueError(f"{where} expects x of shape (N, {channels}, H, W) ({channels} input "
                         f"channels), got {x.shape}{hint}")
    return x


def _out_hw(x_shape, kernel, stride, padding, dilation, where: str) -> tuple[int, int]:
    N, C, H, W = x_shape
    (HH, WW), (S1, S2), (P1, P2), (d1, d2) = kernel, stride, padding, dilation
    Ho = _output_size(H, HH, S1, P1, d1)              # every setting is already a checked int
    Wo = _output_size(W, WW, S2, P2, d2)
    if Ho <= 0 or Wo <= 0:
        raise ValueError(
            f"{where}: the kernel ({HH}, {WW}) (dilation {(d1, d2)}, spanning "
            f"{(d1 * (HH - 1) + 1, d2 * (WW - 1) + 1)}) is larger than the padded input "
            f"(H + 2P, W + 2P) = ({H + 2 * P1}, {W + 2 * P2}) of x {tuple(x_shape)} with padding "
            f"{(P1, P2)}, so there is no output: {_FORMULA} gives ({Ho}, {Wo}). "
            "Use a smaller kernel, more padding, or a larger input")
    return Ho, Wo


def _check_weights(x: np.ndarray, w, b, where: str) -> tuple[np.ndarray, np.ndarray | None]:
    """w (F, C, HH, WW) and b (F,) or None as float arrays that fit x (N, C, H, W)."""
    w = _floats(w, "w", where)
    if w.ndim != 4:
        raise ValueError(f"{where} expects weights w of shape (F, C, HH, WW), got {w.shape}")
    if min(w.shape) == 0:
        raise ValueError(f"{where} expects weights w of shape (F, C, HH, WW) with every size ≥ 1, "
                         f"got {w.shape}")
    if x.shape[1] != w.shape[1]:
        _check_images(x, where, channels=w.shape[1])
    if b is not None:
        b = _floats(b, "b", where)
        if b.shape != (w.shape[0],):
            raise ValueError(f"{where} expects a bias b of shape (F,) = ({w.shape[0]},), got {b.shape}")
    return w, b


def _settings(stride, padding, dilation, where):
    return (_pair(stride, "stride", where, minimum=1), _pair(padding, "padding", where, minimum=0),
            _pair(dilation, "dilation", where, minimum=1))


# -- naive loops: the formula as written -------------------------------------------------------
def conv2d_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray, *, stride=1, padding=0,
                         dilation=1) -> np.ndarray:
    r"""Convolution by loops: :math:`\mathrm{out}_{n,f,i,j} = b_f + \sum_{c,k,l} w_{f,c,k,l}\,
    x^{\mathrm{pad}}_{n,c,Si+dk,Sj+dl}`.

    x (N, C, H, W), w (F, C, HH, WW), b (F,) -> out (N, F, H', W'), with
    H' = floor((H + 2P - d(HH - 1) - 1) / S) + 1 (and W' alike). Slow; for reading and testing.
    """
    where = "conv2d_forward_naive"
    (S1, S2), (P1, P2), (d1, d2) = _settings(stride, padding, dilation, where)
    x = _check_images(x, where)
    w, b = _check_weights(x, w, b, where)
    if b is None:
        b = np.zeros(w.shape[0], dtype=w.dtype)
    F, C, HH, WW = w.shape
    Ho, Wo = _out_hw(x.shape, (HH, WW), (S1, S2), (P1, P2), (d1, d2), where)
    xp = np.pad(x, ((0, 0), (0, 0), (P1, P1), (P2, P2)))
    out = np.zeros((x.shape[0], F, Ho, Wo), dtype=np.result_type(x, w))
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    window = xp[n, :, S1 * i: S1 * i + d1 * (HH - 1) + 1: d1,
                                S2 * j: S2 * j + d2 * (WW - 1) + 1: d2]          # (C, HH, WW)
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def conv2d_backward_naive(dout: np.ndarray, x: np.ndarray, w: np.ndarray, *, stride=1, padding=0,
                          dilation=1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradients of :func:`conv2d_forward_naive` by the same loops.

    Each output entry :math:`\mathrm{out}_{n,f,i,j}` used one window of the padded input and the
    filter :math:`w_f`, so it sends :math:`\mathrm{dout}_{n,f,i,j}\, w_f` back into that window
    and :math:`\mathrm{dout}_{n,f,i,j} \cdot \mathrm{window}` into :math:`dw_f`; windows overlap,
    so the contributions *add*. :math:`db_f = \sum_{n,i,j} \mathrm{dout}_{n,f,i,j}`.

    dout (N, F, H', W'), x (N, C, H, W), w (F, C, HH, WW) -> dx (N, C, H, W), dw, db (F,).
    """
    where = "conv2d_backward_naive"
    (S1, S2), (P1, P2), (d1, d2) = _settings(stride, padding, dilation, where)
    x = _check_images(x, where)
    w, _ = _check_weights(x, w, None, where)
    dout = _floats(dout, "dout", where)
    F, C, HH, WW = w.shape
    Ho, Wo = _out_hw(x.shape, (HH, WW), (S1, S2), (P1, P2), (d1, d2), where)
    if np.shape(dout) != (x.shape[0], F, Ho, Wo):
        raise ValueError(f"{where} expects dout of shape (N, F, H', W') = {(x.shape[0], F, Ho, Wo)}, "
                         f"got {np.shape(dout)}")
    xp = np.pad(x, ((0, 0), (0, 0), (P1, P1), (P2, P2)))
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    rows = slice(S1 * i, S1 * i + d1 * (HH - 1) + 1, d1)
                    cols = slice(S2 * j, S2 * j + d2 * (WW - 1) + 1, d2)
                    dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f]
                    dw[f] += dout[n, f, i, j] * xp[n, :, rows, cols]
    db = dout.sum(axis=(0, 2, 3))
    dx = dxp[:, :, P1: P1 + x.shape[2], P2: P2 + x.shape[3]]
    return dx, dw, db


# -- im2col: a matrix product per image -------------------------------------------------------
_SCRATCH = threading.local()     # per thread: {name: bytes buffer} for temporaries, see _scratch


def _scratch(name: str, shape: tuple, dtype) -> np.ndarray:
    """An uninitialised array for a temporary that does not leave the function, carved from a
    buffer kept per thread and name: a fresh multi-megabyte array costs a page fault per 4 KB
    on every call. The buffer grows to the largest size asked for and is reused after that."""
    buffers = _SCRATCH.__dict__
    nbytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
    if name not in buffers or buffers[name].size < nbytes:
        buffers[name] = np.empty(nbytes, dtype=np.uint8)
    return buffers[name][:nbytes].view(dtype).reshape(shape)


def _geometry(x_shape, kernel, stride, padding, dilation, out_hw) -> dict:
    r"""Sizes of the flattened padded images shared by :func:`_columns` and :func:`_col2im`.

    The padded images are stored flattened, in rows of Wr = S·Wq pixels: an image row's W
    pixels, then (in *wide* rows) zeros. Above and below each image P rows of zeros (and one
    more for the windows that run over), and P zeros before the first image. Then the pixels
    that kernel offset (k, l) meets, for outputs i < H' and j < Wq, are one regular strided view
    of the flattened images: index :math:`(S i + d k) W_r + S j + d l` from the start of image
    n, channel c. For stride 1 that is a single contiguous run per (n, c, k, l), so the copies
    and additions stream through memory. Two layouts:

    * *exact rows*, for stride 1 where the output is as wide as the image (W' = W, "same"
      padding across, as a 3×3 kernel with padding 1) and W ≥ 2P: Wr = Wq = W, no zeros
      between rows. A window that reaches P pixels past a row's end then reads the start of the
      next row (before its start, the end of the previous one); those entries of the columns are
      set to zero after the copy, as the padding would be: ``edges``, the (l, columns j) of
      each kernel column l that reaches past the image. The products then have no extra
      columns: forward writes the output directly and backward reads dout as it is.
    * *wide rows*, otherwise: Wq = ceil((W + P) / S) (and ≥ W') makes Wr ≥ W + P, so the zeros
      at the end of a row serve twice: as its right padding, and as the left padding of the next
      row (whose windows start P pixels before the row, in the previous row's zeros). The
      Wq − W' extra columns per output row are discarded after the product (forward) or are
      zeros (backward).

    Measured on 32→64 channels, 16×16 images, forward + backward: the exact rows' edges cost
    less than the wide rows' extra column (1 in 17 of every product) and the copies that drop
    it from the output and add it to dout (12.1 → 11.3 ms at one thread, 6.7 → 6.3 at two).

    For :func:`_col2im`: ``end``, how far into a row of its buffer the entries that offset
    (0, 0) places reach, and ``R``, the rows' length: past the image's last pixel (the padded
    channel's row P + H − 1) and at least the largest offset's shift beyond ``end``, in zeros.
    """
    _, C, H, W = x_shape
    (HH, WW), (S1, S2), (P1, P2), (d1, d2), (Ho, Wo) = kernel, stride, padding, dilation, out_hw
    Hr = H + 2 * P1 + 1
    if (S1, S2) == (1, 1) and Wo == W and W >= 2 * P2:
        Wq, edges = W, []
        for l in range(WW):
            reach = d2 * l - P2                  # how far column l's taps sit from the output's
            if reach:
                edges.append((l, slice(0, -reach) if reach < 0 else slice(W - reach, W)))
    else:
        Wq, edges = max(-(-(W + P2) // S2), Wo), []
    Wr = S2 * Wq
    end = S1 * (Ho - 1) * Wr + S2 * (Wq - 1) + 1
    shift = d1 * (HH - 1) * Wr + d2 * (WW - 1)                # the largest offset's shift
    return dict(Wq=Wq, Wr=Wr, Hr=Hr, size=C * Hr * Wr, front=P2, edges=edges, end=end,
                R=max(P2 + (P1 + H) * Wr, end + shift))


def _offsets_view(flat: np.ndarray, kernel, stride, dilation, Ho: int, Wq: int, Wr: int):
    """A view (n, C, HH, WW, H', Wq) of flat (n, C, Hr·Wr): ``[.., k, l, i, j] = flat[.., (S i + d k) Wr + S j + d l]``."""
    (HH, WW), (S1, S2), (d1, d2) = kernel, stride, dilation
    n, C, _ = flat.shape
    sn, sc, e = flat.strides
    return as_strided(flat, (n, C, HH, WW, Ho, Wq),
                      (sn, sc, d1 * Wr * e, d2 * e, S1 * Wr * e, S2 * e), writeable=flat.flags.writeable)


def _columns_buffer(shape, dtype) -> np.ndarray:
    """A work buffer for :func:`_columns` of ``shape`` (N, rows, length), its rows 16 entries
    apart more than their length: OpenBLAS reads a matrix whose rows are a power of two bytes
    apart (a 16×16 image's 256 outputs) more slowly, as those rows share the cache's sets (the
    32→64 forward product on 16×16 images: 3.13 ms with rows 256 entries apart, 2.98 with 272)."""
    N, rows, length = shape
    return _scratch("cols", (N, rows, length + 16), dtype)[:, :, :length]


def _padded(x_shape, g: dict, padding, dtype) -> tuple[np.ndarray, np.ndarray]:
    """A new array for the padded images of a batch, flattened as :func:`_geometry` lays them
    out: (flat (N·size + front,), pixels), every padding entry already zero and ``pixels`` the
    (N, C, H, W) view of it where the images go (the caller copies them in, a block at a time
    if it likes)."""
    N, C, H, W = x_shape
    P1 = padding[0]
    flat = np.empty(N * g["size"] + g["front"], dtype)
    flat[: g["front"]] = 0
    xp = flat[g["front"]:].reshape(N, C, g["Hr"], g["Wr"])
    xp[:, :, :P1] = 0                                        # the rows above and below
    xp[:, :, P1 + H:] = 0
    xp[:, :, P1: P1 + H, W:] = 0                             # the zeros after each row (if wide)
    return flat, xp[:, :, P1: P1 + H, :W]


def _columns(flat: np.ndarray, x_shape, kernel, stride, dilation, g: dict, out_hw,
             cols: np.ndarray | None = None) -> np.ndarray:
    r"""im2col, one matrix per image, channels first, and a row of ones: the padded images
    ``flat`` of a batch of shape x_shape (N, C, H, W), from :func:`_padded`, -> cols
    (N, C·HH·WW + 1, H'·Wq).

    Column (i, j) of ``cols[n]`` is the window of the zero-padded image n that output (i, j)
    sees, ordered (c, k, l) like the rows of ``w.reshape(F, C·HH·WW)``, and then a 1, the
    input that the bias multiplies; so ``[w_mat | b] @ cols[n]`` is image n's output as
    (F, H', Wq), of which columns j < W' are the output (see :func:`_geometry` for the Wq ≥ W'
    wide rows), already in the (N, F, ...) order of the output. ``cols``: an array of that
    shape to fill (a work buffer; its rows may lie further apart than their length), else a
    new one. ``flat`` may be the part of a larger batch's array that holds these images: the
    windows that run over the last image still end within its N·size + front entries.
    """
    N, C = x_shape[:2]
    (HH, WW), (Ho, _) = kernel, out_hw
    windows = _offsets_view(flat[: N * g["size"]].reshape(N, C, g["Hr"] * g["Wr"]), kernel, stride,
                            dilation, Ho, g["Wq"], g["Wr"])           # (N, C, HH, WW, H', Wq)
    if cols is None:
        cols = np.empty((N, C * HH * WW + 1, Ho * g["Wq"]), dtype=flat.dtype)
    columns = cols[:, :-1].reshape(N, C, HH, WW, Ho, g["Wq"])
    columns[...] = windows                                                       # the one copy
    for l, j in g["edges"]:                      # taps that wrapped round to a neighbouring row
        columns[:, :, :, l, :, j] = 0
    cols[:, -1] = 1
    return cols


def im2col(x: np.ndarray, kernel, *, stride=1, padding=0, dilation=1) -> np.ndarray:
    r"""Every receptive field of x as a row: x (N, C, H, W) -> cols (N·H'·W', HH·WW·C).

    Row :math:`(n, i, j)` holds the window of the padded image that output position (i, j)
    sees, ordered kernel row, kernel column, channel. A convolution is then
    ``cols @ w.transpose(0, 2, 3, 1).reshape(F, -1).T``. (The same numbers as the columns that
    :func:`conv2d_forward` multiplies, which it keeps channels first, one matrix per image.)
    """
    where = "im2col"
    kernel = _pair(kernel, "kernel", where, minimum=1)
    stride, padding, dilation = _settings(stride, padding, dilation, where)
    x = _check_images(x, where)
    N, C = x.shape[:2]
    Ho, Wo = _out_hw(x.shape, kernel, stride, padding, dilation, where)
    g = _geometry(x.shape, kernel, stride, padding, dilation, (Ho, Wo))
    flat, pixels = _padded(x.shape, g, padding, x.dtype)
    pixels[...] = x
    cols = _columns(flat, x.shape, kernel, stride, dilation, g, (Ho, Wo))
    cols = cols[:, :-1].reshape(N, C, *kernel, Ho, g["Wq"])[..., :Wo]
    return cols.transpose(0, 4, 5, 2, 3, 1).reshape(N * Ho * Wo, kernel[0] * kernel[1] * C)


def conv2d_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, *, stride=1, padding=0,
                   dilation=1) -> tuple[np.ndarray, tuple]:
    r"""Convolution by im2col: :math:`\mathrm{out}_n = W_{mat}\, \mathrm{cols}_n + b`, a matrix
    product per image.

    x (N, C, H, W), w (F, C, HH, WW), b (F,) or None -> (out (N, F, H', W'), cache), with
    H' = floor((H + 2P - d(HH - 1) - 1) / S) + 1. :math:`W_{mat}` is w as (F, C·HH·WW) and
    :math:`\mathrm{cols}_n` (C·HH·WW, H'·Wq) the windows of image n as columns
    (:func:`_columns`). The bias is the weight of an input that is always 1 (the "bias trick"):
    with a row of ones under the columns and b beside :math:`W_{mat}`, one product gives
    :math:`W_{mat}\, \mathrm{cols}_n + b` (an addition in a separate pass took as long as
    the copy it joined). The products (n, F, H', Wq) are the output when Wq = W' (exact rows,
    see :func:`_geometry`), and are written there directly; otherwise they are copied to
    (N, F, H', W'), dropping the Wq − W' extra columns. ``cache`` is what
    :func:`conv2d_backward` needs: the padded images (:func:`_padded`, which hold a copy of x:
    the caller may change x before backward), x's shape, w and the settings.

    Performance (the same numbers as the plain products): the batch goes through in blocks of
    a few images (:func:`_blocks`), so that a block's columns are still in the cache when the
    products read them, and the blocks run on as many threads as numpy's BLAS uses
    (:func:`nnbook._threads.over_blocks`). A block's products are one numpy call (matmul over
    its images); for a small layer these are small products, which OpenBLAS multiplies without
    first repacking the operands (3→32 channels on 32×32 images ran 1.4× faster, at one thread
    and at two, than with one product over the block's columns).
    """
    where = "conv2d_forward"
    stride, padding, dilation = _settings(stride, padding, dilation, where)
    x = _check_images(x, where)
    w, b = _check_weights(x, w, b, where)
    F, C, HH, WW = w.shape
    (N, Ho, Wo) = x.shape[0], *_out_hw(x.shape, (HH, WW), stride, padding, dilation, where)
    g = _geometry(x.shape, (HH, WW), stride, padding, dilation, (Ho, Wo))
    Wq, size, front = g["Wq"], g["size"], g["front"]
    dtype = np.result_type(x, w)
    w_bias = np.zeros((F, C * HH * WW + 1), dtype)                     # [W_mat | b]
    w_bias[:, :-1] = w.reshape(F, C * HH * WW)
    if b is not None:
        w_bias[:, -1] = b
    out = np.empty((N, F, Ho, Wo), dtype=dtype)
    # the padded images, which backward reads too: its copy of x (the caller may change x)
    flat, pixels = _padded(x.shape, g, padding, x.dtype)

    def forward_block(start: int, stop: int) -> None:
        n = stop - start
        pixels[start:stop] = x[start:stop]
        cols = _columns(flat[start * size: stop * size + front], (n, C, *x.shape[2:]), (HH, WW),
                        stride, dilation, g, (Ho, Wo),
                        _columns_buffer((n, C * HH * WW + 1, Ho * Wq), x.dtype))
        if Wq == Wo:                                          # no extra columns: write out
            np.matmul(w_bias, cols, out=out[start:stop].reshape(n, F, Ho * Wo))
        else:
            wide = _scratch("out", (n, F, Ho * Wq), dtype)
            np.matmul(w_bias, cols, out=wide)                             # one product per image
            out[start:stop] = wide.reshape(n, F, Ho, Wq)[..., :Wo]

    over_blocks(forward_block, N, *_blocks(x.shape, w.shape, Ho, Wq, dtype))
    return out, (flat, x.shape, w, stride, padding, dilation)


_BLOCK_BYTES = 12 << 20      # a block's working set, see _blocks
_THREAD_BYTES = 1 << 20      # the least columns per thread worth a thread, see _blocks


def _blocks(x_shape, w_shape, Ho: int, Wq: int, dtype) -> tuple[int, int | None]:
    """(images per block, threads) for :func:`conv2d_forward` and :func:`conv2d_backward`, as
    :func:`nnbook._threads.over_blocks` takes them.

    A block's working set, its columns and their gradient, its output and dout, about
    2·(C·HH·WW + F)·H'·Wq numbers per image, is kept within 12 MB: measured fastest here (for
    32→64 channels on 16×16 images, forward + backward at one thread 11.4 ms in blocks of
    8 MB, 11.4 in 12 MB, 11.5–11.6 in 16–20 MB; at two threads 6.5, 6.3, 6.3), large enough
    for long matrix products and few numpy calls (at two threads each call is a turn at
    Python's lock), small enough to stay in the cache between the copies and the products that
    use them. The blocks run on BLAS's threads when each thread gets at least 1 MB of columns;
    on less, the threads wait for each other longer than they work, and all of it runs on one
    thread (BLAS's threads too). A single large image is left to BLAS's threads."""
    N = x_shape[0]
    F, C, HH, WW = w_shape
    itemsize = np.dtype(dtype).itemsize
    block = max(1, _BLOCK_BYTES // (2 * (C * HH * WW + F) * Ho * Wq * itemsize))
    threads = blas_threads()
    if N * C * HH * WW * Ho * Wq * itemsize < threads * _THREAD_BYTES:
        return block, 1
    return block, (threads if N > 1 else None)


def conv2d_backward(dout: np.ndarray, cache: tuple, *, need_dx: bool = True
                    ) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    r"""Gradients of :func:`conv2d_forward`: (dx, dw, db).

    With :math:`D_n` = dout[n] as an (F, H'·Wq) matrix (zeros in the Wq − W' extra columns, if
    any): :math:`dW_{mat} = \sum_n D_n\, \mathrm{cols}_n^\top`, :math:`db = \sum_{n,i,j}
    \mathrm{dout}` (the row sums of the :math:`D_n`; the same product gives them, with the
    row of ones under the columns, see :func:`conv2d_forward`), and
    :math:`d\mathrm{cols}_n = W_{mat}^\top D_n`, whose entries are added back into the windows
    they came from (col2im, :func:`_col2im`): one addition of a whole array per kernel offset
    (k, l), HH·WW in all, instead of one ``np.add.at`` per entry. Two matrix products per
    image. ``need_dx=False`` skips dx (returned as None), as for a network's first layer, whose
    input is data.

    Performance, as in :func:`conv2d_forward`: blocks of images on BLAS's threads. Each block
    rebuilds its columns from the padded images that forward kept, into memory reused from call
    to call: keeping the batch's columns from the forward pass would hold C·HH·WW times the
    memory of x and take fresh memory from the system on every call, which costs about as much
    as the copy. Each block's dW and db are summed over the blocks in a fixed order.

    dout (N, F, H', W') -> dx (N, C, H, W) or None, dw (F, C, HH, WW), db (F,).
    """
    if not (isinstance(cache, tuple) and len(cache) == 6 and isinstance(cache[0], np.ndarray)):
        raise TypeError(f"conv2d_backward: cache must be the cache that conv2d_forward returned "
                        f"with the output, got {type(cache).__name__}")
    flat, x_shape, w, stride, padding, dilation = cache
    N, C, H, W = x_shape
    F, _, HH, WW = w.shape
    Ho, Wo = _out_hw(x_shape, (HH, WW), stride, padding, dilation, "conv2d_backward")
    dout = _floats(dout, "dout", "conv2d_backward")
    if dout.shape != (N, F, Ho, Wo):
        raise ValueError(f"conv2d_backward expects dout of shape (N, F, H', W') = {(N, F, Ho, Wo)} "
                         f"(the forward output's), got {dout.shape}")
    need_dx = check.flag(need_dx, "need_dx", "conv2d_backward")
    g = _geometry(x_shape, (HH, WW), stride, padding, dilation, (Ho, Wo))
    Wq, size, front = g["Wq"], g["size"], g["front"]
    w_rows = w.transpose(2, 3, 1, 0).reshape(HH * WW * C, F)    # W_mat^T, rows ordered (k, l, c)
    dtype = np.result_type(dout, flat, w)
    dx = np.empty((N, C, H, W), dtype=dtype) if need_dx else None

    def backward_block(start: int, stop: int) -> np.ndarray:
        n = stop - start
        cols = _columns(flat[start * size: stop * size + front], (n, C, H, W), (HH, WW), stride,
                        dilation, g, (Ho, Wo), _columns_buffer((n, C * HH * WW + 1, Ho * Wq),
                                                               flat.dtype))
        if Wq == Wo:
            D = dout[start:stop].reshape(n, F, Ho * Wo).astype(dtype, copy=False)
        else:
            D = _scratch("dout", (n, F, Ho, Wq), dtype)
            D[..., :Wo] = dout[start:stop]
            D[..., Wo:] = 0
            D = D.reshape(n, F, Ho * Wq)
        # [dW_mat | db] = sum_n D_n cols_n^T, computed as its transpose, sum_n cols_n D_n^T
        # (C·HH·WW + 1, F): the same sums, but OpenBLAS's AVX-512 kernels run this orientation
        # about 1.25x faster
        dw_db = np.matmul(cols, D.transpose(0, 2, 1)).sum(axis=0)
        if need_dx:
            rows, dcols = _col2im_buffers((n, C, H, W), (HH, WW), stride, g, (Ho, Wo), dtype)
            np.matmul(w_rows, D, out=dcols)                           # (n, HH·WW·C, H'·Wq)
            _col2im(rows, dcols, (n, C, H, W), (HH, WW), stride, padding, dilation, g, (Ho, Wo),
                    out=dx[start:stop])
        return dw_db

    parts = over_blocks(backward_block, N, *_blocks(x_shape, w.shape, Ho, Wq, dtype))
    dw_db = np.zeros((C * HH * WW + 1, F), dtype=dtype)
    for part in parts:
        dw_db += part
    return dx, dw_db[:-1].T.reshape(F, C, HH, WW), dw_db[-1].copy()


def _col2im_buffers(x_shape, kernel, stride, g: dict, out_hw, dtype
                    ) -> tuple[np.ndarray, np.ndarray]:
    r"""Work buffers for :func:`_col2im`: (rows, dcols). ``rows`` (N, HH·WW·C, R) holds each
    row of dcols placed where offset (0, 0) puts its entries in a padded image channel;
    ``dcols`` (N, HH·WW·C, H'·Wq), rows ordered (k, l, c), is where the caller writes
    :math:`W_{mat}^\top D_n` (its rows permuted). For stride 1 the entries are already in
    place in a row, so ``dcols`` is a view into ``rows`` and the product writes them there.
    ``g``: :func:`_geometry`'s sizes."""
    N, C = x_shape[:2]
    (HH, WW), (Ho, _) = kernel, out_hw
    rows = _scratch("rows", (N, HH * WW * C, g["R"]), dtype)
    if stride == (1, 1):
        return rows, rows[:, :, : Ho * g["Wq"]]
    return rows, _scratch("dcols", (N, HH * WW * C, Ho * g["Wq"]), dtype)


def _col2im(rows: np.ndarray, dcols: np.ndarray, x_shape, kernel, stride, padding, dilation,
            g: dict, out_hw, *, out: np.ndarray) -> np.ndarray:
    r"""The adjoint of :func:`_columns`: dcols (N, HH·WW·C, H'·Wq), rows ordered (k, l, c), ->
    dx (N, C, H, W) written to ``out``, every entry added into the pixel its column entry was
    copied from (the extra columns are zeros). ``rows, dcols`` from :func:`_col2im_buffers`,
    ``g`` from :func:`_geometry`.

    Kernel offset (k, l) moves every entry by the same :math:`s_{kl} = d k W_r + d l` along the
    flattened padded images (:func:`_geometry`). So each row of dcols is placed where offset
    (0, 0) would put its entries, in a row of zeros laid out like a padded image channel
    (``rows[n, (k, l, c)]``), and then

    .. math:: dx^{\mathrm{pad}}_{n,c}[q] = \sum_{k,l} \mathrm{rows}_{n,(k,l,c)}[q - s_{kl}],

    the HH·WW shifted additions of the chapter. As the rows of one offset follow each other in
    memory, :math:`\mathrm{rows}_{n,(k,l,c)}[q - s_{kl}]` at (n, k, l, c·R + q) is one strided
    view of the buffer (the shift is linear in k and l, so it is a stride), and the additions
    are one ``np.add.reduce`` over its (k, l) axes: one numpy call instead of 2·HH·WW, which
    matters when threads take turns at Python's lock between calls. A row ends in at least
    max s_kl zeros, so a shift reads only zeros before a row's entries.
    """
    N, C, H, W = x_shape
    (HH, WW), (S1, S2), (P1, _), (d1, d2), (Ho, _) = kernel, stride, padding, dilation, out_hw
    Wq, Wr, R, front = g["Wq"], g["Wr"], g["R"], g["front"]
    e = rows.itemsize
    if stride == (1, 1):                           # the product wrote dcols in place: zero the rest
        rows[:, :, g["end"]:] = 0
        placed = rows.reshape(N, HH, WW, C, R)[..., : Ho * Wq]
        for l, j in g["edges"]:                    # entries of taps that wrapped round a row
            placed[:, :, l].reshape(N, HH, C, Ho, Wq)[..., j] = 0
    else:                                          # spread each row's entries S apart
        rows.fill(0)
        as_strided(rows, (N, HH * WW * C, Ho, Wq), (HH * WW * C * R * e, R * e, S1 * Wr * e, S2 * e)
                   )[...] = dcols.reshape(N, HH * WW * C, Ho, Wq)
    # shifted[n, k, l, c·R + q] = rows[n, (k, l, c), q - s_kl]
    shifted = as_strided(rows, (N, HH, WW, C * R),
                         (HH * WW * C * R * e, (WW * C * R - d1 * Wr) * e, (C * R - d2) * e, e),
                         writeable=False)
    dxp = _scratch("dxp", (N, C * R), out.dtype)
    np.add.reduce(shifted, axis=(1, 2), out=dxp)
    # pixel (i, j) of channel c sits at q = front + (P1 + i)·Wr + j (see _geometry)
    inside = dxp.reshape(N, C, R)[:, :, front + P1 * Wr: front + (P1 + H) * Wr]
    out[...] = inside.reshape(N, C, H, Wr)[..., :W]
    return out


# -- layers ------------------------------------------------------------------------------------
class Conv2d(Layer):
    r"""2-D convolution: F filters of shape (C, HH, WW) slid over the image.

    .. math:: \mathrm{out}_{n,f,i,j} = b_f + \sum_{c,k,l} W_{f,c,k,l}\,
              x^{\mathrm{pad}}_{n,c,Si+dk,Sj+dl}

    Parameters
    ----------
    in_channels, out_channels : C and F.
    kernel_size : HH (square) or (HH, WW).
    stride : S ≥ 1 (int or pair). padding : P ≥ 0 zeros on every side (int or pair).
    dilation : d ≥ 1, the spacing between kernel taps (int or pair).
    bias : whether to add b (F,).
    init : "he" (default), "xavier" or a function ``f(shape, *, rng, dtype)``; fans are
        fan_in = C·HH·WW and fan_out = F·HH·WW, as in torch.
    dtype : float32 or float64. rng : seed or Generator for the initial weights.

    Shape: x (N, C, H, W) -> out (N, F, H', W'), with
    :math:`H' = \lfloor (H + 2P - d(HH - 1) - 1)/S \rfloor + 1` (W' alike);
    W (F, C, HH, WW) as in torch and CS231n, b (F,).
    Backward: im2col (:func:`conv2d_backward`); gradients accumulate into ``W.grad``, ``b.grad``.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, *, stride=1, padding=0,
                 dilation=1, bias: bool = True, init="he", dtype=np.float64, rng: Rng = None):
        super().__init__()
        where = "Conv2d"
        self.in_channels = check.positive_int(in_channels, "in_channels", where)
        self.out_channels = check.positive_int(out_channels, "out_channels", where)
        self.kernel_size = _pair(kernel_size, "kernel_size", where, minimum=1)
        self.stride, self.padding, self.dilation = _settings(stride, padding, dilation, where)
        self.dtype = check.float_dtype(dtype, "dtype", where)
        bias = check.flag(bias, "bias", where)
        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        W = _init_conv(init, shape, check.rng(rng, "rng", where), self.dtype, where)
        self.W = Parameter(W)
        self.b = Parameter(np.zeros(self.out_channels, dtype=self.dtype)) if bias else None
        self._cache = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _check_images(x, repr(self), channels=self.in_channels).astype(self.dtype, copy=False)
        out, self._cache = conv2d_forward(
            x, self.W.value, None if self.b is None else self.b.value,
            stride=self.stride, padding=self.padding, dilation=self.dilation)
        return self._remember(out)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout).astype(self.dtype, copy=False)
        dx, dw, db = conv2d_backward(dout, self._cache, need_dx=self.needs_input_grad)
        self.W.grad += dw
        if self.b is not None:
            self.b.grad += db
        return dx

    def __repr__(self) -> str:
        extra = "".join(f", {name}={value if value[0] != value[1] else value[0]}"
                        for name, value, default in (("stride", self.stride, (1, 1)),
                                                      ("padding", self.padding, (0, 0)),
                                                      ("dilation", self.dilation, (1, 1)))
                        if value != default)
        k = self.kernel_size
        ks = f"{k[0]}×{k[1]}"
        return (f"Conv2d({self.in_channels} → {self.out_channels}, {ks}{extra}"
                f"{'' if self.b is not None else ', bias=False'})")


def _init_conv(init, shape, rng, dtype, where) -> np.ndarray:
    """Initial (F, C, HH, WW) weights; fans computed from the conv layout as in torch."""
    F, C, HH, WW = shape
    fan_in, fan_out = C * HH * WW, F * HH * WW
    if isinstance(init, str):
        if init == "he":
            std = np.sqrt(2.0 / fan_in)
        elif init == "xavier":
            std = np.sqrt(2.0 / (fan_in + fan_out))
        else:
            raise ValueError(f"{where}: unknown init {init!r}; choose 'he' or 'xavier' or pass a "
                             "function f(shape, *, rng, dtype)")
        return (std * rng.standard_normal(shape)).astype(dtype)
    if not callable(init):
        raise TypeError(f"{where}: init must be a name or a function f(shape, *, rng, dtype), got {init!r}")
    W = np.asarray(init(shape, rng=rng, dtype=dtype), dtype=dtype)
    if W.shape != shape:
        raise ValueError(f"{where}: init returned shape {W.shape}, expected (F, C, HH, WW) = {shape}")
    return W


class _Pool2d(Layer):
    """The common part of the pooling layers: kernel, stride (default: the kernel), padding."""

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        where = type(self).__name__
        self.kernel_size = _pair(kernel_size, "kernel_size", where, minimum=1)
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", where, minimum=1)
        self.padding = _pair(padding, "padding", where, minimum=0)
        for p, k in zip(self.padding, self.kernel_size):
            if p > k // 2:
                raise ValueError(f"{where}: padding {self.padding} must be at most half the kernel "
                                 f"{self.kernel_size} (as in torch), so no window is all padding")

    def _prepare(self, x):
        where = repr(self)
        x = _check_images(x, where)
        Ho, Wo = _out_hw(x.shape, self.kernel_size, self.stride, self.padding, (1, 1), where)
        return x, (Ho, Wo)

    def _windows(self, x: np.ndarray, out_hw, fill: float) -> np.ndarray:
        """Every window of x (N, C, H, W), padded with ``fill``, as the columns of a
        (KH·KW, N·C·H'·W') array: row k·KW + l holds the entry at offset (k, l) of every window.

        Copied offset by offset (KH·KW strided copies), so that the reductions over a window
        (max, mean, the first maximum) run along the first axis, over contiguous rows; numpy's
        loops along a short strided axis cost more per entry (the chapter's MaxPool2d(2) on
        64×8×20×20 float32, forward + backward: 0.49 ms that way, 0.23 ms this way)."""
        (KH, KW), (S1, S2), (P1, P2), (Ho, Wo) = self.kernel_size, self.stride, self.padding, out_hw
        N, C = x.shape[:2]
        xp = x if (P1, P2) == (0, 0) else np.pad(
            x, ((0, 0), (0, 0), (P1, P1), (P2, P2)), constant_values=fill)
        win = np.empty((KH, KW, N, C, Ho, Wo), dtype=x.dtype)
        for k in range(KH):
            for l in range(KW):
                win[k, l] = xp[:, :, k: k + S1 * (Ho - 1) + 1: S1, l: l + S2 * (Wo - 1) + 1: S2]
        return win.reshape(KH * KW, N * C * Ho * Wo)

    def _scatter(self, dwin: np.ndarray, x_shape, out_hw) -> np.ndarray:
        """The adjoint of :meth:`_windows`: per-window gradients dwin (KH·KW, N·C·H'·W') added
        back into dx (N, C, H, W), offset by offset (overlapping windows add)."""
        N, C, H, W = x_shape
        (KH, KW), (S1, S2), (P1, P2), (Ho, Wo) = self.kernel_size, self.stride, self.padding, out_hw
        dwin = dwin.reshape(KH, KW, N, C, Ho, Wo)
        dxp = np.zeros((N, C, H + 2 * P1, W + 2 * P2), dtype=dwin.dtype)
        # windows that tile the image (stride = kernel, no padding) meet every pixel at most
        # once: each offset is a copy, not an addition
        tiled = (S1, S2) == (KH, KW) and (P1, P2) == (0, 0)
        for k in range(KH):
            for l in range(KW):
                at = dxp[:, :, k: k + S1 * (Ho - 1) + 1: S1, l: l + S2 * (Wo - 1) + 1: S2]
                if tiled:
                    at[...] = dwin[k, l]
                else:
                    at += dwin[k, l]
        return dxp[:, :, P1: P1 + H, P2: P2 + W]

    def __repr__(self) -> str:
        k, s, p = self.kernel_size, self.stride, self.padding
        extra = (f", stride={s[0] if s[0] == s[1] else s}" if s != k else "") + \
                (f", padding={p[0] if p[0] == p[1] else p}" if p != (0, 0) else "")
        return f"{type(self).__name__}({k[0]}×{k[1]}{extra})"


class MaxPool2d(_Pool2d):
    r"""Max pooling: the largest value in each KH × KW window, per channel.

    Parameters: ``kernel_size`` KH (or (KH, KW)), ``stride`` S (default: the kernel, windows
    that do not overlap), ``padding`` P ≤ KH/2 (padding counts as −∞).

    Shape: x (N, C, H, W) -> out (N, C, H', W'), :math:`H' = \lfloor (H + 2P - KH)/S \rfloor + 1`.
    Backward: each window's gradient goes to its maximum only (the first one on ties, as in
    torch); overlapping windows add.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x, out_hw = self._prepare(x)
        self._x_shape, self._out_hw = x.shape, out_hw
        win = self._windows(x, out_hw, fill=-np.inf)              # (KH·KW, N·C·H'·W')
        out = win.max(axis=0)
        # each window's first maximum (torch's rule on ties), offset by offset: the entries equal
        # to the maximum, except where an earlier offset already had it
        mask = win == out
        taken = mask[0].copy()
        for k in range(1, len(mask)):
            mask[k] &= ~taken
            taken |= mask[k]
        self._mask = mask
        return self._remember(out.reshape(x.shape[0], x.shape[1], *out_hw))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return self._scatter(self._mask * dout.reshape(1, -1), self._x_shape, self._out_hw)


class AvgPool2d(_Pool2d):
    r"""Average pooling: the mean of each KH × KW window, per channel.

    Parameters as :class:`MaxPool2d`; padding counts as zeros and is included in the mean
    (torch's default ``count_include_pad=True``).

    Shape: x (N, C, H, W) -> out (N, C, H', W'), :math:`H' = \lfloor (H + 2P - KH)/S \rfloor + 1`.
    Backward: each window spreads its gradient evenly, dout / (KH·KW) to every entry.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        x, out_hw = self._prepare(x)
        self._x_shape, self._out_hw = x.shape, out_hw
        out = self._windows(x, out_hw, fill=0).mean(axis=0)
        return self._remember(out.reshape(x.shape[0], x.shape[1], *out_hw))

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        KH, KW = self.kernel_size
        share = (dout / (KH * KW)).reshape(1, -1)
        return self._scatter(np.broadcast_to(share, (KH * KW, share.shape[1])), self._x_shape,
                             self._out_hw)


class Flatten(Layer):
    """Flattens everything but the batch axis: x (N, C, H, W) -> out (N, C·H·W), row-major
    (as ``torch.nn.Flatten``). Backward reshapes dout back to x's shape."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _floats(x, "x", "Flatten")
        if x.ndim < 2:
            raise ValueError(f"Flatten expects x of shape (N, ...) with at least 2 axes, got {x.shape}")
        self._x_shape = x.shape
        return self._remember(x.reshape(len(x), int(np.prod(x.shape[1:]))))   # N = 0 too

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout.reshape(self._x_shape)


class Dropout2d(Layer):
    r"""Channel dropout: in training, zero each whole feature map (n, c) with probability p and
    scale the others by 1/(1 − p); the identity in evaluation mode.

    Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels
    barely regularizes a CNN; dropping whole channels does (Tompson et al., 2015).
    Shape: x (N, C, H, W) -> out of the same shape; mask (N, C, 1, 1).
    Backward: dx = dout ⊙ mask / (1 − p).
    """

    def __init__(self, p: float = 0.5, *, rng: Rng = None):
        super().__init__()
        self.p = check.probability(p, "p (the probability of dropping a channel)", "Dropout2d",
                                   high_open=True)
        self.rng = check.rng(rng, "rng", "Dropout2d")

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _check_images(x, "Dropout2d")
        if not self.training or self.p == 0:
            self._scale = None
            return self._remember(x)
        keep = self.rng.random((x.shape[0], x.shape[1], 1, 1)) >= self.p
        self._scale = (keep / (1 - self.p)).astype(x.dtype)
        return self._remember(x * self._scale)

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        dout = self._check_dout(dout)
        if not self.needs_input_grad:
            return None
        return dout if self._scale is None else dout * self._scale

    def __repr__(self) -> str:
        return f"Dropout2d(p={self.p})"


# -- the torch bridge: each layer's torch.nn twin, weights copied as they are -------------------
def _register_torch_twins() -> None:
    from nnbook.torch_bridge import register

    def conv(layer, children, dtype):
        import torch
        from torch import nn
        return nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size,
                         stride=layer.stride, padding=layer.padding, dilation=layer.dilation,
                         bias=layer.b is not None, dtype=dtype or getattr(torch, layer.dtype.name))

    def pool(name):
        def build(layer, children, dtype):
            from torch import nn
            return getattr(nn, name)(layer.kernel_size, stride=layer.stride, padding=layer.padding)
        return build

    def simple(name, *args):
        def build(layer, children, dtype):
            from torch import nn
            return getattr(nn, name)(*[arg(layer) for arg in args])
        return build

    register(Conv2d, conv, W="weight", b="bias")          # (F, C, HH, WW) in both libraries
    register(MaxPool2d, pool("MaxPool2d"))
    register(AvgPool2d, pool("AvgPool2d"))                 # count_include_pad=True in both
    register(Flatten, simple("Flatten"))
    register(Dropout2d, simple("Dropout2d", lambda layer: layer.p))


_register_torch_twins()
