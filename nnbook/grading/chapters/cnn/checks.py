"""The checks of the chapter "Convolutional networks" (exercises/cnn.py).

Each check stands alone; inputs come from ``ctx.rng``. Values are compared with those recorded
from the solutions, and properties that need no solution are checked too: numerical gradients,
the mean of a map, the transposed convolution as the adjoint of nnbook's convolution, the
receptive field of a single layer.
"""
from __future__ import annotations

import numpy as np

from nnbook.conv import conv2d_forward
from nnbook.grading.framework import (Chapter, CheckFailed, Exercise, array, kind, numerical_from,
                                      pair, perturbed)

# --- 6.1 1-D convolution, forward ---------------------------------------------------------------------

CONV1D = Exercise("6.1", "1-D convolution, forward", ("conv1d_forward",), 2)
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


# --- 6.2 1-D convolution, backward --------------------------------------------------------------------

CONV1D_BACK = Exercise("6.2", "1-D convolution, backward", ("conv1d_backward",), 3)


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

    h = 1e-6
    numeric_dx = numerical_from([np.sum(forward(z, w) * dout) for z in perturbed(x, h)], x.shape, h)
    numeric_dw = numerical_from([np.sum(forward(x, z) * dout) for z in perturbed(w, h)], w.shape, h)
    ctx.agree_numerically("dx", dx, numeric_dx)
    ctx.agree_numerically("dw", dw, numeric_dw)


# --- 6.3 global average pooling ---------------------------------------------------------------------

GAP = Exercise("6.3", "Global average pooling", ("global_avg_pool", "global_avg_pool_backward"), 2)


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
    h = 1e-6
    numeric = numerical_from([np.sum(z.mean(axis=(2, 3)) * dout) for z in perturbed(x, h)], x.shape, h)
    ctx.agree_numerically("dx", dx, numeric)


@GAP.check("x that is not (N, C, H, W) raises a ValueError")
def _(ctx):
    x = ctx.rng(37).standard_normal((2, 3, 4))
    ctx.expect_error("global_avg_pool", (x,), "ValueError", "global_avg_pool with a 3-D x")


# --- 6.4 depthwise-separable convolution -------------------------------------------------------------

DEPTHWISE = Exercise("6.4", "Depthwise-separable convolution", ("depthwise_separable_conv",), 2)


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


# --- 6.5 transposed convolution ---------------------------------------------------------------------

TRANSPOSED = Exercise("6.5", "Transposed convolution", ("conv_transpose2d",), 3)
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
        out = array("conv_transpose2d", ctx.call("conv_transpose2d", x, w, S, P, label="conv_transpose2d"), shape)
        y = r.standard_normal(out.shape)
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


# --- 6.6 receptive field -----------------------------------------------------------------------------

RECEPTIVE = Exercise("6.6", "Receptive field", ("receptive_field",), 1)
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


CHAPTER = Chapter("cnn", "Convolutional networks", [CONV1D, CONV1D_BACK, GAP, DEPTHWISE, TRANSPOSED, RECEPTIVE])
