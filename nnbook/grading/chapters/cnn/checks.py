"""The checks of the chapter "Convolutional networks" (exercises/cnn.py).

Each check stands alone; inputs come from ``ctx.rng``. Values are compared with those recorded
from the solutions, and properties that need no solution are checked too: numerical gradients,
the mean of a map, the transposed convolution as the adjoint of nnbook's convolution, the
receptive field of a single layer. Every default (stride 1, padding 0) is exercised, float32
inputs with float64 weights must stay float32, output sizes below 1 (negative ones too) and
inputs of the wrong rank must raise.
"""
from __future__ import annotations

import numpy as np

from nnbook.conv import conv2d_forward
from nnbook.grading.framework import (Chapter, CheckFailed, Exercise, array, differences, kind, numerical_from,
                                      pair, perturbed)
from nnbook.grading.prediction import prediction


# --- 6.1 1-D convolution, forward ---------------------------------------------------------------------

CONV1D = Exercise("6.1", "1-D convolution, forward", ("conv1d_forward",), 2,
    section="cnn/02_from_scratch", kind="implement", difficulty=2, minutes=30,
    task=("Write a 1-D convolution (cross-correlation) of a batch of signals with stride and "
          "padding, vectorised."),
    hints=("Pad the last axis with `np.pad`; then out[n, f, i] sums w[f, c, k] · x_pad[n, c, "
           "S·i + k] over c and k.",
           "An index array idx[i, k] = S·i + k of shape (L', K) gathers every window at once: "
           "x_pad[:, :, idx] has shape (N, C, L', K).",
           "Contract the windows with w (F, C, K) over c and k (`np.einsum`, or a reshape and "
           "one matrix product), add b along the F axis, and cast to x's dtype."))
# (N, C, L, F, K, stride, padding, dtype)
CONV1D_CASES = [(2, 3, 11, 4, 3, 1, 1, np.float64), (1, 1, 7, 2, 5, 2, 2, np.float64),
                (3, 2, 9, 3, 1, 3, 0, np.float64), (2, 2, 10, 3, 4, 2, 1, np.float64),
                (2, 3, 8, 2, 3, 1, 0, np.float32)]


def _conv1d_inputs(ctx, k, N, C, L, F, K, dtype):
    r = ctx.rng(10, k)
    return (r.standard_normal((N, C, L)).astype(dtype), r.standard_normal((F, C, K)).astype(dtype),
            r.standard_normal(F).astype(dtype))


@CONV1D.check("out matches the reference (kernels 1, 3, 4, 5; stride 1-3; padding 0-2; float32)", gate=True)
def _(ctx):
    for k, (N, C, L, F, K, S, P, dtype) in enumerate(CONV1D_CASES):
        x, w, b = _conv1d_inputs(ctx, k, N, C, L, F, K, dtype)
        label = f"conv1d_forward(x {x.shape}, w {w.shape}, stride={S}, padding={P}, {np.dtype(dtype)})"
        out = ctx.call("conv1d_forward", x, w, b, S, P, label=label)
        L_out = (L + 2 * P - K) // S + 1
        ctx.match(f"out/{k}", label, array(label, out, (N, F, L_out), dtype))


@CONV1D.check("a single filter on a single channel is the sliding dot product (no solution needed)")
def _(ctx):
    x = ctx.rng(15).standard_normal((1, 1, 9))
    w = np.array([[[1.0, -2.0, 0.5]]])
    out = array("conv1d_forward", ctx.call("conv1d_forward", x, w, np.array([0.25]), 2, 1,
                                            label="conv1d_forward(stride=2, padding=1)"), (1, 1, 5))
    xp = np.pad(x[0, 0], 1)
    expected = np.array([xp[2 * i: 2 * i + 3] @ w[0, 0] + 0.25 for i in range(5)])
    ctx.require(np.allclose(out[0, 0], expected),
                "out[0, 0, i] must be b + Σ_k w[k]·x_pad[S·i + k] (cross-correlation: the kernel is not flipped)")


@CONV1D.check("x that is not (N, C, L), mismatched channels and a kernel longer than the padded input raise a ValueError")
def _(ctx):
    x, w, b = _conv1d_inputs(ctx, 0, 2, 3, 6, 2, 3, np.float64)
    for args, what in (((x[0], w, b), "a 2-D x"), ((x, w[:, :2], b), "w with 2 channels for x with 3"),
                       ((x, ctx.rng(16).standard_normal((2, 3, 9)), b, 1, 1), "K = 9 > L + 2P = 8")):
        ctx.expect_error("conv1d_forward", args, "ValueError", f"conv1d_forward with {what}")


@CONV1D.check("the defaults are stride 1, padding 0; float32 x with float64 w and b stays float32; L + 2P − K "
              "negative but above −S (L′ = 0 by floor division) and a 4-D x raise a ValueError")
def _(ctx):
    x, w, b = _conv1d_inputs(ctx, 5, 2, 3, 9, 2, 4, np.float64)
    out = ctx.call("conv1d_forward", x, w, b, label="conv1d_forward(x, w, b) (default stride and padding)")
    ctx.match("defaults", "conv1d_forward(x, w, b) with the default stride and padding", array("out", out, (2, 2, 6)))
    label = "conv1d_forward(float32 x, float64 w and b, stride=2, padding=1)"
    out = ctx.call("conv1d_forward", x.astype(np.float32), w, b, 2, 1, label=label)
    ctx.match("mixed", label, array(label, out, (2, 2, 4), np.float32))
    x, w, b = _conv1d_inputs(ctx, 6, 1, 2, 6, 2, 7, np.float64)
    ctx.expect_error("conv1d_forward", (x, w, b, 2, 0), "ValueError",
                     "conv1d_forward with L = 6, K = 7, S = 2, P = 0 (L′ = (6 − 7) // 2 + 1 = 0)")
    ctx.expect_error("conv1d_forward", (x[None], w, b), "ValueError", "conv1d_forward with a 4-D x")


# --- 6.2 1-D convolution, backward --------------------------------------------------------------------

CONV1D_BACK = Exercise("6.2", "1-D convolution, backward", ("conv1d_backward",), 3,
    section="cnn/02_from_scratch", kind="implement", difficulty=3, minutes=45,
    task=("Write the backward pass of the 1-D convolution: the gradients for x, w and b."),
    hints=("Section 2's conv2d backward is the same computation with two spatial axes: each "
           "output position i used the window x_pad[:, :, S·i : S·i + K].",
           "db sums dout over samples and positions; dw contracts dout with the windows; every "
           "window sends dout times w back into x_pad.",
           "Windows overlap when K > S, so their contributions to dx_pad add (a loop over the K "
           "kernel offsets with a strided slice is fine); cut the padding off at the end."))


def _conv1d_grads(ctx, k, case):
    N, C, L, F, K, S, P, dtype = case
    x, w, _ = _conv1d_inputs(ctx, k, N, C, L, F, K, dtype)
    dout = ctx.rng(20, k).standard_normal((N, F, (L + 2 * P - K) // S + 1)).astype(dtype)
    label = f"conv1d_backward(dout {dout.shape}, x {x.shape}, w {w.shape}, stride={S}, padding={P})"
    dx, dw, db = pair(ctx.call("conv1d_backward", dout, x, w, S, P, label=label), label, 3, "(dx, dw, db)")
    return (x, w, dout), (array(f"dx of {label}", dx, x.shape, dtype), array(f"dw of {label}", dw, w.shape, dtype),
                          array(f"db of {label}", db, (F,), dtype)), label


@CONV1D_BACK.check("dx, dw and db match the reference (overlapping and gapped windows, padding, float32)", gate=True)
def _(ctx):
    for k, case in enumerate(CONV1D_CASES):
        _, (dx, dw, db), label = _conv1d_grads(ctx, k, case)
        for name, value in (("dx", dx), ("dw", dw), ("db", db)):
            ctx.match(f"{name}/{k}", f"{name} of {label}", value)


@CONV1D_BACK.check("dx and dw agree with numerical differentiation (no solution needed)")
def _(ctx):
    N, C, L, F, K, S, P = 2, 2, 7, 3, 3, 2, 1
    x = ctx.rng(25).standard_normal((N, C, L))
    w = ctx.rng(26).standard_normal((F, C, K))
    L_out = (L + 2 * P - K) // S + 1
    dout = ctx.rng(27).standard_normal((N, F, L_out))
    dx, dw, _ = pair(ctx.call("conv1d_backward", dout, x, w, S, P, label="conv1d_backward"),
                     "conv1d_backward", 3, "(dx, dw, db)")

    def forward(x_, w_):                                   # the grader's own convolution
        xp = np.pad(x_, ((0, 0), (0, 0), (P, P)))
        return np.stack([np.einsum("nck,fck->nf", xp[:, :, S * i: S * i + K], w_) for i in range(L_out)], axis=2)

    # The convolution is linear in x and in w: a centered difference is exact for any h, and a large
    # h with the two outputs subtracted before summing leaves no rounding to mistake for an error.
    h = 0.5
    numeric_dx = numerical_from(differences("conv1d_forward(x + h, w)", [forward(z, w) for z in perturbed(x, h)], dout), x.shape, h)
    numeric_dw = numerical_from(differences("conv1d_forward(x, w + h)", [forward(x, z) for z in perturbed(w, h)], dout), w.shape, h)
    ctx.agree_numerically("dx", dx, numeric_dx)
    ctx.agree_numerically("dw", dw, numeric_dw)


@CONV1D_BACK.check("the defaults are stride 1, padding 0; float64 dout with float32 x and w gives float32 gradients")
def _(ctx):
    x, w, _ = _conv1d_inputs(ctx, 28, 2, 3, 8, 2, 3, np.float64)
    dout = ctx.rng(29).standard_normal((2, 2, 6))
    label = "conv1d_backward(dout, x, w) (default stride and padding)"
    out = pair(ctx.call("conv1d_backward", dout, x, w, label=label), label, 3, "(dx, dw, db)")
    for name, value, shape in zip(("dx", "dw", "db"), out, (x.shape, w.shape, (2,))):
        ctx.match(f"defaults/{name}", f"{name} of {label}", array(f"{name} of {label}", value, shape))
    label = "conv1d_backward(float64 dout, float32 x and w, stride=1, padding=0)"
    out = pair(ctx.call("conv1d_backward", dout, x.astype(np.float32), w.astype(np.float32), 1, 0, label=label),
               label, 3, "(dx, dw, db)")
    for name, value, shape in zip(("dx", "dw", "db"), out, (x.shape, w.shape, (2,))):
        ctx.match(f"mixed/{name}", f"{name} of {label}", array(f"{name} of {label}", value, shape, np.float32))


# --- 6.3 global average pooling ---------------------------------------------------------------------

GAP = Exercise("6.3", "Global average pooling", ("global_avg_pool", "global_avg_pool_backward"), 2,
    section="cnn/03_numpy_cnn", kind="implement", difficulty=1, minutes=15,
    task=("Write global average pooling and its backward pass."),
    hints=("Forward is a mean over the two spatial axes.",
           "Each of the H·W pixels of a map enters its mean with weight 1/(HW): what does that "
           "make its gradient?",
           "Broadcast dout[:, :, None, None] into a new writable (N, C, H, W) array "
           "(`np.broadcast_to` alone gives a read-only view)."))


@GAP.check("forward and backward match the reference (square and non-square maps, float32)", gate=True)
def _(ctx):
    for k, (shape, dtype) in enumerate((((2, 3, 4, 4), np.float64), ((3, 2, 5, 7), np.float64),
                                        ((1, 4, 1, 3), np.float32))):
        x = ctx.rng(30, k).standard_normal(shape).astype(dtype)
        dout = ctx.rng(31, k).standard_normal(shape[:2]).astype(dtype)
        out = array("global_avg_pool", ctx.call("global_avg_pool", x, label=f"global_avg_pool(x {shape})"),
                    shape[:2], dtype)
        ctx.match(f"out/{k}", f"global_avg_pool(x {shape} {np.dtype(dtype)})", out)
        dx = ctx.call("global_avg_pool_backward", dout, shape, label=f"global_avg_pool_backward(dout, {shape})")
        ctx.match(f"dx/{k}", f"global_avg_pool_backward(dout, {shape})",
                  array("global_avg_pool_backward", dx, shape, dtype))


@GAP.check("the output is each map's mean; dx agrees with numerical differentiation (no solution needed)")
def _(ctx):
    x = ctx.rng(35).standard_normal((2, 3, 3, 5))
    out = array("global_avg_pool", ctx.call("global_avg_pool", x), (2, 3))
    ctx.require(np.allclose(out, x.reshape(2, 3, -1).sum(-1) / 15), "out[n, c] must be the mean of map x[n, c]")
    dout = ctx.rng(36).standard_normal((2, 3))
    dx = ctx.call("global_avg_pool_backward", dout, x.shape)
    h = 0.5                                           # linear: exact for any h (see 6.2)
    numeric = numerical_from(differences("the mean of x + h", [z.mean(axis=(2, 3)) for z in perturbed(x, h)], dout), x.shape, h)
    ctx.agree_numerically("dx", dx, numeric)


@GAP.check("x that is not (N, C, H, W) raises a ValueError")
def _(ctx):
    x = ctx.rng(37).standard_normal((2, 3, 4))
    ctx.expect_error("global_avg_pool", (x,), "ValueError", "global_avg_pool with a 3-D x")


@GAP.check("a 5-D x raises a ValueError; the backward result is a new, writable array (not a broadcast view)")
def _(ctx):
    x = ctx.rng(38).standard_normal((2, 3, 4, 4, 2))
    ctx.expect_error("global_avg_pool", (x,), "ValueError", "global_avg_pool with a 5-D x")
    dout = ctx.rng(39).standard_normal((2, 3))
    ctx.run("cnn:write_into", "global_avg_pool_backward", (dout, (2, 3, 4, 5)),
            label="global_avg_pool_backward(dout, (2, 3, 4, 5)), then writing into dx (is it read-only, "
                  "a broadcast view? return a new array)")


# --- 6.4 depthwise-separable convolution -------------------------------------------------------------

DEPTHWISE = Exercise("6.4", "Depthwise-separable convolution", ("depthwise_separable_conv",), 2,
    section="cnn/04_pytorch", kind="implement", difficulty=2, minutes=30,
    task=("Write a depthwise-separable convolution: a per-channel K × K convolution followed by "
          "a 1 × 1 convolution that mixes the channels."),
    hints=("The depthwise step is C separate one-channel convolutions; "
           "`nnbook.conv.conv2d_forward` on a one-channel slice does one of them.",
           "The pointwise step is a 1 × 1 convolution: at every pixel, a matrix product over "
           "the channel axis.",
           "Concatenate the C depthwise outputs along axis 1, contract w_point (F, C) with them "
           "over c, and cast to x's dtype."))


@DEPTHWISE.check("out matches the reference (kernels 1, 3, 5; padding 0-2; more or fewer filters than channels; float32)", gate=True)
def _(ctx):
    for k, (N, C, H, W, F, K, P, dtype) in enumerate(((2, 3, 6, 6, 4, 3, 1, np.float64),
                                                      (1, 2, 7, 5, 5, 5, 2, np.float64),
                                                      (3, 4, 5, 5, 2, 1, 0, np.float64),
                                                      (2, 3, 6, 7, 2, 3, 0, np.float32))):
        r = ctx.rng(40, k)
        x = r.standard_normal((N, C, H, W)).astype(dtype)
        w_depth = r.standard_normal((C, 1, K, K)).astype(dtype)
        w_point = r.standard_normal((F, C)).astype(dtype)
        label = f"depthwise_separable_conv(x {x.shape}, w_depth {w_depth.shape}, w_point {w_point.shape}, padding={P})"
        out = ctx.call("depthwise_separable_conv", x, w_depth, w_point, P, label=label)
        ctx.match(f"out/{k}", label, array(label, out, (N, F, H + 2 * P - K + 1, W + 2 * P - K + 1), dtype))


@DEPTHWISE.check("channels do not mix before the 1×1 step: an identity w_point gives each channel's own convolution")
def _(ctx):
    x = ctx.rng(45).standard_normal((2, 3, 5, 5))
    w_depth = ctx.rng(46).standard_normal((3, 1, 3, 3))
    out = array("depthwise_separable_conv", ctx.call("depthwise_separable_conv", x, w_depth, np.eye(3), 1),
                (2, 3, 5, 5))
    for c in range(3):
        own = conv2d_forward(x[:, c: c + 1], w_depth[c: c + 1], None, padding=1)[0][:, 0]
        ctx.require(np.allclose(out[:, c], own),
                    f"with w_point = I, channel {c} of the output must be channel {c} of x convolved with "
                    f"w_depth[{c}] alone")


@DEPTHWISE.check("x that is not (N, C, H, W) and filters for another number of channels raise a ValueError")
def _(ctx):
    r = ctx.rng(47)
    x, w_depth, w_point = r.standard_normal((2, 3, 5, 5)), r.standard_normal((3, 1, 3, 3)), r.standard_normal((4, 3))
    for args, what in (((x[0], w_depth, w_point), "a 3-D x"), ((x, w_depth[:2], w_point), "w_depth for 2 channels"),
                       ((x, w_depth, w_point[:, :2]), "w_point for 2 channels")):
        ctx.expect_error("depthwise_separable_conv", args, "ValueError", f"depthwise_separable_conv with {what}")


@DEPTHWISE.check("the default padding is 0; float32 x with float64 filters stays float32")
def _(ctx):
    r = ctx.rng(48)
    x, w_depth, w_point = r.standard_normal((2, 3, 6, 5)), r.standard_normal((3, 1, 3, 3)), r.standard_normal((4, 3))
    out = ctx.call("depthwise_separable_conv", x, w_depth, w_point, label="depthwise_separable_conv (default padding)")
    ctx.match("defaults", "depthwise_separable_conv(x, w_depth, w_point) with the default padding",
              array("depthwise_separable_conv", out, (2, 4, 4, 3)))
    label = "depthwise_separable_conv(float32 x, float64 filters, padding=1)"
    out = ctx.call("depthwise_separable_conv", x.astype(np.float32), w_depth, w_point, 1, label=label)
    ctx.match("mixed", label, array(label, out, (2, 4, 6, 5), np.float32))


# --- 6.5 transposed convolution ---------------------------------------------------------------------

TRANSPOSED = Exercise("6.5", "Transposed convolution", ("conv_transpose2d",), 3,
    section="cnn/02_from_scratch", kind="implement", difficulty=3, minutes=45,
    task=("Write a transposed convolution with stride and padding: every input pixel scatters a "
          "weighted copy of the kernel into the output."),
    hints=("Start from an uncropped output of size (H − 1)S + K and add into it; crop P from "
           "every border at the end.",
           "Loop over the K × K kernel offsets (k, l): pixel (i, j) lands at (S·i + k, S·j + "
           "l), one strided slice of the output for all i, j at once.",
           "At each offset mix the channels with w[:, :, k, l] (C, F): a contraction over c "
           "gives an (N, F, H, W) block to add into that slice."))
TRANSPOSED_CASES = [((2, 3, 4, 5), 2, 3, 1, 0, np.float64), ((1, 2, 3, 3), 3, 3, 2, 1, np.float64),
                    ((2, 1, 3, 4), 2, 2, 2, 0, np.float64), ((1, 2, 4, 3), 2, 5, 3, 2, np.float64),
                    ((2, 2, 3, 3), 3, 3, 2, 1, np.float32)]


@TRANSPOSED.check("out matches the reference (stride 1-3, padding 0-2, kernels 2, 3, 5, non-square; float32)", gate=True)
def _(ctx):
    for k, ((N, C, H, W), F, K, S, P, dtype) in enumerate(TRANSPOSED_CASES):
        r = ctx.rng(50, k)
        x, w = r.standard_normal((N, C, H, W)).astype(dtype), r.standard_normal((C, F, K, K)).astype(dtype)
        label = f"conv_transpose2d(x {x.shape}, w {w.shape}, stride={S}, padding={P})"
        out = ctx.call("conv_transpose2d", x, w, S, P, label=label)
        shape = (N, F, (H - 1) * S - 2 * P + K, (W - 1) * S - 2 * P + K)
        ctx.match(f"out/{k}", label, array(label, out, shape, dtype))


@TRANSPOSED.check("it is the adjoint of a convolution: <conv(y), x> = <y, conv_transpose(x)> (no solution needed)")
def _(ctx):
    for k, ((N, C, H, W), F, K, S, P, _) in enumerate(TRANSPOSED_CASES[:4]):
        r = ctx.rng(55, k)
        x, w = r.standard_normal((N, C, H, W)), r.standard_normal((C, F, K, K))
        shape = (N, F, (H - 1) * S - 2 * P + K, (W - 1) * S - 2 * P + K)
        out = array(f"conv_transpose2d(x {x.shape}, w {w.shape}, stride={S}, padding={P})",
                    ctx.call("conv_transpose2d", x, w, S, P, label="conv_transpose2d"), shape, np.float64)
        y = r.standard_normal(shape)
        conv_y = conv2d_forward(y, w, None, stride=S, padding=P)[0]       # (N, C, H, W)
        lhs, rhs = float(np.sum(conv_y * x)), float(np.sum(y * out))
        ctx.require(np.isclose(lhs, rhs, rtol=1e-8, atol=1e-8),
                    f"stride={S}, padding={P}, kernel {K}: Σ conv2d(y, w)·x = {lhs:.6g} but Σ y·out = {rhs:.6g}; "
                    "conv_transpose2d must be the transpose of conv2d with the same w, stride and padding")


@TRANSPOSED.check("x and w with different C, and an output of size < 1, raise a ValueError")
def _(ctx):
    r = ctx.rng(57)
    x = r.standard_normal((1, 2, 2, 2))
    for args, what in (((x, r.standard_normal((3, 2, 3, 3))), "w for 3 input channels"),
                       ((x, r.standard_normal((2, 2, 1, 1)), 1, 1), "H' = (2 - 1)·1 - 2 + 1 = 0")):
        ctx.expect_error("conv_transpose2d", args, "ValueError", f"conv_transpose2d with {what}")


@TRANSPOSED.check("the defaults are stride 1, padding 0; float32 x with float64 w stays float32; a negative "
                  "output size raises a ValueError")
def _(ctx):
    r = ctx.rng(58)
    x, w = r.standard_normal((2, 3, 3, 4)), r.standard_normal((3, 2, 3, 3))
    out = ctx.call("conv_transpose2d", x, w, label="conv_transpose2d(x, w) (default stride and padding)")
    ctx.match("defaults", "conv_transpose2d(x, w) with the default stride and padding",
              array("conv_transpose2d", out, (2, 2, 5, 6)))
    label = "conv_transpose2d(float32 x, float64 w, stride=2, padding=1)"
    out = ctx.call("conv_transpose2d", x.astype(np.float32), w, 2, 1, label=label)
    ctx.match("mixed", label, array(label, out, (2, 2, 5, 7), np.float32))
    x1 = r.standard_normal((1, 2, 1, 1))
    ctx.expect_error("conv_transpose2d", (x1, r.standard_normal((2, 2, 1, 1)), 1, 1), "ValueError",
                     "conv_transpose2d with H′ = (1 − 1)·1 − 2 + 1 = −1")


# --- 6.6 receptive field -----------------------------------------------------------------------------

RECEPTIVE = Exercise("6.6", "Receptive field", ("receptive_field",), 1,
    section="cnn/01_convolution", kind="implement", difficulty=1, minutes=15,
    task=("Compute the receptive field after each layer of a stack of convolutions and poolings "
          "given by kernel, stride and dilation."),
    hints=("Track two numbers while walking the layers: the receptive field r and the jump j, "
           "the distance in input pixels between neighbouring units.",
           "Section 1's rule: a kernel of size K adds K − 1 steps of the current jump; a "
           "dilation d makes each step d times longer; a stride multiplies the jump for the "
           "layers after it.",
           "Update r with the current jump before multiplying the jump by this layer's stride; "
           "validate every K, S, d ≥ 1 and return Python ints."))
STACKS = [[(3, 1, 1)] * 4, [(3, 1, 1), (3, 1, 1), (2, 2, 1), (3, 1, 1), (3, 1, 1), (2, 2, 1)],
          [(7, 2, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1)], [(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)],
          [(5, 3, 1), (2, 2, 1), (3, 1, 2)], [(1, 1, 1), (1, 2, 1), (4, 1, 3)]]


@RECEPTIVE.check("the sizes after every layer match the reference (strides, pooling, dilation)", gate=True)
def _(ctx):
    for k, stack in enumerate(STACKS):
        sizes = ctx.call("receptive_field", stack, label=f"receptive_field({stack})")
        if type(sizes) is not list or not all(type(s) is int for s in sizes):
            raise CheckFailed(f"receptive_field({stack}) must return a list of Python ints, got {kind(sizes)}")
        ctx.require(len(sizes) == len(stack), f"receptive_field({stack}) must give one size per layer, got {len(sizes)}")
        ctx.match(f"sizes/{k}", f"receptive_field({stack})", np.array(sizes))


@RECEPTIVE.check("one layer sees its own (dilated) kernel: r = d(K - 1) + 1 (no solution needed)")
def _(ctx):
    for K, S, d in ((3, 1, 1), (5, 2, 1), (3, 1, 3), (1, 4, 1)):
        sizes = ctx.call("receptive_field", [(K, S, d)])
        ctx.require(type(sizes) is list and all(type(s) is int for s in sizes) and sizes == [d * (K - 1) + 1],
                    f"receptive_field([({K}, {S}, {d})]) must be [{d * (K - 1) + 1}], got {sizes!r}")


@RECEPTIVE.check("a kernel, stride or dilation below 1 raises a ValueError")
def _(ctx):
    for layer in ((0, 1, 1), (3, 0, 1), (3, 1, 0)):
        ctx.expect_error("receptive_field", ([(3, 1, 1), layer],), "ValueError", f"receptive_field with a layer {layer}")


@RECEPTIVE.check("no layers give an empty list; a 1 × 1 layer keeps the field at 1")
def _(ctx):
    sizes = ctx.call("receptive_field", [], label="receptive_field([])")
    ctx.require(type(sizes) is list and not sizes, f"receptive_field([]) must be [] (no layers), got {kind(sizes)}")
    sizes = ctx.call("receptive_field", [(1, 3, 2), (3, 1, 1)], label="receptive_field([(1, 3, 2), (3, 1, 1)])")
    ctx.require(type(sizes) is list and all(type(s) is int for s in sizes) and sizes == [1, 7],
                "receptive_field([(1, 3, 2), (3, 1, 1)]) must be [1, 7]: a 1 × 1 kernel sees one "
                                 f"pixel whatever its dilation, and the stride 3 spreads the next layer; got {sizes!r}")


# --- 6.7 the shape and size of a conv stack -------------------------------------------------------------

STACK = Exercise(
    "6.7", "Predict: the shape and size of a conv stack", ("predict_conv_output_shape", "predict_conv_parameters"),
    1, section="cnn/01_convolution", kind="predict", difficulty=2, minutes=20,
    task="Before running it: predict the output shape and the number of parameters of a four-layer "
         "stack of convolutions and max pooling on a 3 × 28 × 28 image.",
    hints=("Follow the height through the layers one at a time with the output-size formula of section "
           "\"Padding, stride and the size of the output\"; pooling uses the same formula, without "
           "padding. The width follows the same path.",
           "The formula rounds down: a window that would reach past the border is not used. The number "
           "of output channels is the number of filters of the last convolution.",
           "A Conv2d(C, F, K) holds F filters of shape (C, K, K) and one bias per filter; pooling "
           "holds nothing. Check with nnbook.conv's layers on np.zeros((1, 3, 28, 28))."))


@STACK.check("the output shape (F, H, W) is exact (three Python ints)", gate=True)
def _(ctx):
    shape = ctx.call("predict_conv_output_shape")
    F, H, W = pair(shape, "predict_conv_output_shape", 3, "(F, H, W)")
    for k, (name, value) in enumerate((("F, the number of channels", F), ("H, the height", H), ("W, the width", W))):
        prediction(ctx, f"shape/{k}", f"the output's {name}", value, integer=True,
                   hint=STACK.hint_ref(2))


@STACK.check("the number of parameters is exact (a Python int)", gate=True)
def _(ctx):
    prediction(ctx, "parameters", "the number of parameters of the stack", ctx.call("predict_conv_parameters"),
               integer=True, hint=STACK.hint_ref(3))


# --- 6.8 max pooling, debugged ------------------------------------------------------------------------

POOL = Exercise(
    "6.8", "Max pooling, debugged", ("max_pool2d",), 2, section="cnn/02_from_scratch", kind="debug",
    difficulty=1, minutes=15,
    task="The given max_pool2d is right for some image sizes, but on others it returns fewer windows "
         "than torch.nn.MaxPool2d. Find the bug and fix it.",
    hints=("Try a 4 × 4 image with 2 × 2 windows: how many windows fit along each axis, and how many "
           "does the code return? Then try 5 × 5, and a 3 × 3 window with stride 1.",
           "Count the window positions: the first starts at 0, the last at the largest multiple of S "
           "that still leaves room for K pixels, that is at most H − K.",
           "The number of positions 0, S, 2S, ... up to H − K is ⌊(H − K)/S⌋ + 1: the output-size formula "
           "of section \"Padding, stride and the size of the output\" with P = 0 and d = 1."))

POOL_CASES = [((2, 3, 4, 4), 2, None, np.float64), ((2, 2, 5, 7), 2, None, np.float64),
              ((1, 2, 7, 8), 3, 2, np.float64), ((3, 1, 6, 6), 3, 1, np.float64),
              ((2, 2, 6, 6), 2, 2, np.float32), ((1, 1, 3, 3), 3, None, np.float64)]


def _pool(ctx, x, size, stride, label):
    args = (x, size) if stride is None else (x, size, stride)
    return ctx.call("max_pool2d", *args, label=label)


@POOL.check("the output matches the reference (even and odd sizes, overlapping windows, stride 1, a window "
            "as large as the image, float32; inputs unchanged)", gate=True)
def _(ctx):
    for k, (shape, size, stride, dtype) in enumerate(POOL_CASES):
        x = ctx.rng(250, k).standard_normal(shape).astype(dtype)
        label = f"max_pool2d(x of shape {shape}, size={size}, stride={stride or 'default'})"
        ctx.match(f"out/{k}", label, _pool(ctx, x, size, stride, label))


@POOL.check("one output per window that fits, each the maximum of its window (no solution needed); a 3-D x, "
            "size 0 and a window larger than the image raise a ValueError", gate=True)
def _(ctx):
    x = ctx.rng(255).standard_normal((2, 3, 9, 6))
    for size, stride in ((3, 3), (2, 1), (4, 2)):
        Ho, Wo = (9 - size) // stride + 1, (6 - size) // stride + 1
        label = f"max_pool2d(x of shape {x.shape}, size={size}, stride={stride})"
        out = array(label, _pool(ctx, x, size, stride, label), (2, 3, Ho, Wo), x.dtype)
        for i in range(Ho):
            for j in range(Wo):
                want = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
                ctx.require(np.array_equal(out[:, :, i, j], want),
                            f"{label}: out[:, :, {i}, {j}] is not the maximum of its window")
    for args, what in (((x[0], 2), "a 3-D x"), ((x, 0), "size = 0"), ((x, 7), "a 7 × 7 window on 9 × 6 images")):
        ctx.expect_error("max_pool2d", args, "ValueError", f"max_pool2d with {what}")


CHAPTER = Chapter("cnn", "Convolutional networks",
                  [CONV1D, CONV1D_BACK, GAP, DEPTHWISE, TRANSPOSED, RECEPTIVE, STACK, POOL])
