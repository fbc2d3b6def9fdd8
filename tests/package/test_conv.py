"""Convolution and pooling against torch.nn.functional: forward, dx, dW, db; layers; errors."""
import numpy as np
import pytest
import torch
import torch.nn.functional as tF

from nnbook.conv import (AvgPool2d, Conv2d, Dropout2d, Flatten, MaxPool2d, conv2d_backward,
                         conv2d_backward_naive, conv2d_forward, conv2d_forward_naive, im2col,
                         output_size)
from nnbook.gradcheck import rel_error

# (N, C, H, W, F, kernel, stride, padding, dilation): batch 1 and more, 1 and several channels,
# kernels 1/3/5, stride 1/2, padding 0-2, non-square inputs, one dilated case.
CASES = [
    (1, 1, 5, 5, 1, 1, 1, 0, 1),
    (2, 3, 7, 9, 4, 3, 1, 1, 1),
    (3, 1, 8, 6, 2, 3, 2, 0, 1),
    (1, 4, 9, 7, 3, 5, 1, 2, 1),
    (2, 2, 10, 8, 5, 5, 2, 2, 1),
    (4, 3, 6, 11, 2, 1, 2, 1, 1),
    (2, 2, 9, 9, 3, 3, 1, 2, 2),
    (1, 3, 12, 5, 2, 3, 2, 1, 1),
]
TOL = {np.float64: 1e-10, np.float32: 2e-4}


def torch_conv(x, w, b, stride, padding, dilation, dout):
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    out = tF.conv2d(xt, wt, bt, stride=stride, padding=padding, dilation=dilation)
    out.backward(torch.tensor(dout))
    return out.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def random_case(case, dtype, seed=0):
    N, C, H, W, F, k, s, p, d = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, k, k)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    Ho = output_size(H, k, stride=s, padding=p, dilation=d)
    Wo = output_size(W, k, stride=s, padding=p, dilation=d)
    dout = rng.standard_normal((N, F, Ho, Wo)).astype(dtype)
    return x, w, b, dout, dict(stride=s, padding=p, dilation=d)


def assert_close(name, ours, ref, dtype):
    assert ours.shape == ref.shape, f"{name}: shape {ours.shape}, torch {ref.shape}"
    assert ours.dtype == dtype, f"{name}: dtype {ours.dtype}, expected {dtype}"
    scale = max(1.0, float(np.abs(ref).max()))
    err = float(np.abs(ours - ref).max()) / scale
    assert err <= TOL[dtype], f"{name}: differs from torch by {err:.2e} (max abs, scaled)"


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: "N{}C{}H{}W{}F{}k{}s{}p{}d{}".format(*c))
def test_im2col_and_naive_match_torch(case, dtype):
    x, w, b, dout, kw = random_case(case, dtype)
    out_ref, dx_ref, dw_ref, db_ref = torch_conv(x, w, b, kw["stride"], kw["padding"],
                                                 kw["dilation"], dout)
    out, cache = conv2d_forward(x, w, b, **kw)
    dx, dw, db = conv2d_backward(dout, cache)
    for name, ours, ref in (("out", out, out_ref), ("dx", dx, dx_ref), ("dW", dw, dw_ref),
                            ("db", db, db_ref)):
        assert_close(f"im2col {name}", ours, ref, dtype)
    out_n = conv2d_forward_naive(x, w, b, **kw)
    dx_n, dw_n, db_n = conv2d_backward_naive(dout, x, w, **kw)
    for name, ours, ref in (("out", out_n, out_ref), ("dx", dx_n, dx_ref), ("dW", dw_n, dw_ref),
                            ("db", db_n, db_ref)):
        assert_close(f"naive {name}", ours, ref, dtype)


def test_im2col_rows_are_the_receptive_fields():
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    cols = im2col(x, 3, padding=1)
    assert cols.shape == (2 * 4 * 5, 3 * 3 * 3)
    # row of image 1, output (2, 3): the padded window rows 1..3, cols 2..4, ordered (k, l, c)
    window = x[1, :, 1:4, 2:5]                                     # (C, 3, 3), inside the image
    np.testing.assert_array_equal(cols[1 * 20 + 2 * 5 + 3], window.transpose(1, 2, 0).ravel())


def copy_to_torch(layer):
    m = torch.nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size,
                        stride=layer.stride, padding=layer.padding, dilation=layer.dilation,
                        bias=layer.b is not None, dtype=torch.float64)
    with torch.no_grad():
        m.weight.copy_(torch.from_numpy(layer.W.value))
        if layer.b is not None:
            m.bias.copy_(torch.from_numpy(layer.b.value))
    return m


@pytest.mark.parametrize("bias", [True, False])
def test_conv_layer_matches_torch_module_and_accumulates(bias):
    layer = Conv2d(3, 4, (3, 2), stride=(1, 2), padding=(1, 0), bias=bias, rng=0)
    x = np.random.default_rng(1).standard_normal((2, 3, 6, 7))
    m = copy_to_torch(layer)
    xt = torch.tensor(x, requires_grad=True)
    out_ref = m(xt)
    dout = np.random.default_rng(2).standard_normal(out_ref.shape)
    out_ref.backward(torch.tensor(dout))
    out = layer.forward(x)
    dx = layer.backward(dout)
    assert rel_error(out, out_ref.detach().numpy()) < 1e-10
    assert rel_error(dx, xt.grad.numpy()) < 1e-10
    assert rel_error(layer.W.grad, m.weight.grad.numpy()) < 1e-10
    assert set(layer.parameters()) == ({"W", "b"} if bias else {"W"})
    if bias:
        assert rel_error(layer.b.grad, m.bias.grad.numpy()) < 1e-10
    # a second backward adds the same gradient again, as in torch
    layer.forward(x)
    layer.backward(dout)
    assert rel_error(layer.W.grad, 2 * m.weight.grad.numpy()) < 1e-10
    layer.zero_grad()
    assert not layer.W.grad.any()


def test_first_layer_skips_dx():
    layer = Conv2d(1, 2, 3, rng=0)
    layer.needs_input_grad = False
    out = layer.forward(np.ones((1, 1, 4, 4)))
    assert layer.backward(np.ones_like(out)) is None
    assert layer.W.grad.any()


def test_float32_layer_stays_float32():
    layer = Conv2d(2, 3, 3, padding=1, dtype=np.float32, rng=0)
    out = layer.forward(np.ones((2, 2, 5, 5), dtype=np.float64))
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.W.grad.dtype == np.float32


@pytest.mark.parametrize("init,expected_std", [("he", np.sqrt(2 / (8 * 9))),
                                               ("xavier", np.sqrt(2 / (8 * 9 + 16 * 9)))])
def test_init_fans_follow_the_conv_layout(init, expected_std):
    W = Conv2d(8, 16, 3, init=init, rng=0).W.value
    assert W.shape == (16, 8, 3, 3)
    assert abs(W.std() / expected_std - 1) < 0.08


POOLS = [(MaxPool2d, tF.max_pool2d, dict(kernel_size=2)),
         (MaxPool2d, tF.max_pool2d, dict(kernel_size=3, stride=2, padding=1)),
         (MaxPool2d, tF.max_pool2d, dict(kernel_size=(2, 3), stride=1)),
         (AvgPool2d, tF.avg_pool2d, dict(kernel_size=2)),
         (AvgPool2d, tF.avg_pool2d, dict(kernel_size=3, stride=2, padding=1)),
         (AvgPool2d, tF.avg_pool2d, dict(kernel_size=(3, 2), stride=(1, 2)))]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("shape", [(1, 1, 4, 4), (2, 3, 7, 8)], ids=str)
@pytest.mark.parametrize("cls,ref,kw", POOLS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_pooling_matches_torch(cls, ref, kw, shape, dtype):
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    out_ref = ref(xt, **kw)
    dout = np.random.default_rng(1).standard_normal(out_ref.shape).astype(dtype)
    out_ref.backward(torch.tensor(dout))
    layer = cls(**kw)
    out = layer.forward(x)
    dx = layer.backward(dout)
    assert_close("out", out, out_ref.detach().numpy(), dtype)
    assert_close("dx", dx, xt.grad.numpy(), dtype)


def test_maxpool_ties_go_to_the_first_maximum_as_in_torch():
    x = np.zeros((1, 1, 2, 2))
    layer = MaxPool2d(2)
    layer.forward(x)
    np.testing.assert_array_equal(layer.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1, 0], [0, 0]])


def test_flatten_round_trip():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    layer = Flatten()
    out = layer.forward(x)
    np.testing.assert_array_equal(out, torch.nn.Flatten()(torch.from_numpy(x)).numpy())
    np.testing.assert_array_equal(layer.backward(out), x)


def test_dropout2d_drops_whole_channels_and_is_identity_in_eval():
    x = np.ones((50, 8, 3, 3))
    layer = Dropout2d(0.25, rng=0)
    out = layer.forward(x)
    per_channel = out.reshape(50, 8, 9)
    assert np.all(per_channel.min(axis=2) == per_channel.max(axis=2))   # constant per map
    assert set(np.unique(out)) == {0.0, 1 / 0.75}
    assert 0.15 < np.mean(out == 0) < 0.35
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), out)
    assert layer.eval().forward(x) is not None and np.array_equal(layer.forward(x), x)


# -- bad input -------------------------------------------------------------------------------
def test_kernel_larger_than_padded_input_names_shapes_and_formula():
    with pytest.raises(ValueError, match=r"kernel \(5, 5\).*padded input.*\(3, 3\).*floor"):
        Conv2d(1, 1, 5, padding=0).forward(np.ones((1, 1, 3, 3)))


def test_channel_mismatch():
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\).*got \(2, 1, 8, 8\)"):
        Conv2d(3, 4, 3).forward(np.ones((2, 1, 8, 8)))


def test_channels_last_images_get_a_hint():
    with pytest.raises(ValueError, match=r"channels-last.*transpose\(0, 3, 1, 2\)"):
        Conv2d(3, 4, 3).forward(np.ones((2, 8, 8, 3)))


def test_flattened_images_get_a_hint():
    with pytest.raises(ValueError, match=r"flattened.*flatten=False"):
        Conv2d(1, 4, 3).forward(np.ones((2, 64)))
    with pytest.raises(ValueError, match=r"flattened"):
        MaxPool2d(2).forward(np.ones((2, 64)))


def test_stride_and_kernel_that_leave_no_output():
    with pytest.raises(ValueError, match="no output"):
        conv2d_forward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), None, stride=2)
    with pytest.raises(ValueError, match="no output"):
        MaxPool2d(3).forward(np.ones((1, 1, 2, 5)))


@pytest.mark.parametrize("kwargs,match", [
    (dict(stride=0), "stride"), (dict(padding=-1), "padding"), (dict(dilation=0), "dilation"),
    (dict(stride=1.5), "stride"), (dict(stride=True), "stride"), (dict(dtype=np.int32), "dtype"),
    (dict(init="bogus"), "init"), (dict(padding=(1, 2, 3)), "padding")])
def test_bad_settings(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Conv2d(1, 2, 3, **kwargs)


@pytest.mark.parametrize("args", [(0, 2, 3), (1, -2, 3), (1, 2, 0), (True, 2, 3), (1, 2, (3,))])
def test_bad_sizes(args):
    with pytest.raises((ValueError, TypeError)):
        Conv2d(*args)


def test_bad_pool_and_dropout_settings():
    with pytest.raises(ValueError, match="padding"):
        MaxPool2d(2, padding=2)
    with pytest.raises(ValueError, match="kernel_size"):
        AvgPool2d(0)
    with pytest.raises(ValueError, match="p"):
        Dropout2d(1.0)


def test_weight_and_bias_shape_errors():
    with pytest.raises(ValueError, match=r"\(F, C, HH, WW\)"):
        conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((1, 3, 3)), None)
    with pytest.raises(ValueError, match=r"bias b of shape \(F,\)"):
        conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((2, 1, 3, 3)), np.ones(3))


def test_backward_before_forward_and_wrong_dout():
    layer = Conv2d(1, 2, 3)
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((1, 2, 2, 2)))
    layer.forward(np.ones((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"\(1, 2, 2, 2\)"):
        layer.backward(np.ones((1, 2, 3, 3)))


def test_torch_bridge_copies_a_cnn_with_identical_outputs_and_gradients():
    from nnbook.layers import Linear, ReLU, Sequential
    from nnbook.torch_bridge import to_torch, torch_gradients
    model = Sequential(Conv2d(2, 4, 3, padding=1, rng=0), ReLU(), MaxPool2d(2),
                       Conv2d(4, 6, 3, stride=2, dilation=1, bias=False, rng=1), ReLU(),
                       AvgPool2d(3, stride=1, padding=1), Dropout2d(0.3, rng=2), Flatten(),
                       Linear(6 * 1 * 1, 3, rng=3)).eval()
    twin = to_torch(model).eval()
    assert [type(m).__name__ for m in twin] == ["Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU",
                                               "AvgPool2d", "Dropout2d", "Flatten", "Linear"]
    x = np.random.default_rng(0).standard_normal((5, 2, 8, 8))
    out = model.forward(x)
    out_t = twin(torch.from_numpy(x))
    assert rel_error(out, out_t.detach().numpy()) < 1e-10
    dout = np.random.default_rng(1).standard_normal(out.shape)
    model.zero_grad()
    model.backward(dout)
    out_t.backward(torch.from_numpy(dout))
    theirs = torch_gradients(model, twin)
    for name, p in model.parameters().items():
        assert rel_error(p.grad, theirs[name]) < 1e-10, name


# Strides and dilations that differ per axis, widths that the stride does not divide: the
# columns keep rows of max(ceil((W + P) / S), W') outputs, the zeros after one image row
# serving as the padding on both sides, and drop the extra ones, so these are the cases where
# that bookkeeping could go wrong.
UNEVEN = [
    (2, 3, 11, 8, 4, (3, 2), (2, 3), (1, 2), (2, 1)),
    (3, 2, 7, 13, 3, (2, 4), (3, 1), (0, 1), (1, 3)),
    (1, 1, 5, 5, 2, (5, 5), (1, 1), (0, 0), (1, 1)),      # one output: the kernel covers the image
    (2, 4, 6, 9, 5, (1, 3), (2, 2), (2, 0), (1, 1)),
    (2, 2, 3, 4, 3, (1, 1), (1, 2), (2, 3), (1, 1)),      # padding wider than the kernel reaches
    (2, 1, 4, 5, 2, (2, 3), (1, 1), (0, 3), (1, 2)),      # wide padding, a dilated kernel
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("case", UNEVEN, ids=lambda c: "N{}C{}H{}W{}F{}k{}s{}p{}d{}".format(*c))
def test_uneven_strides_dilations_and_widths_match_torch(case, dtype):
    N, C, H, W, F, k, s, p, d = case
    rng = np.random.default_rng(3)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, *k)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    Ho = output_size(H, k[0], stride=s[0], padding=p[0], dilation=d[0])
    Wo = output_size(W, k[1], stride=s[1], padding=p[1], dilation=d[1])
    dout = rng.standard_normal((N, F, Ho, Wo)).astype(dtype)
    reference = torch_conv(x, w, b, s, p, d, dout)
    out, cache = conv2d_forward(x, w, b, stride=s, padding=p, dilation=d)
    for name, ours, ref in zip(("out", "dx", "dW", "db"), (out, *conv2d_backward(dout, cache)),
                               reference):
        assert_close(name, ours, ref, dtype)
    rows = im2col(x, k, stride=s, padding=p, dilation=d)
    w_rows = w.transpose(0, 2, 3, 1).reshape(F, -1)
    np.testing.assert_allclose((rows @ w_rows.T + b).reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2),
                               reference[0], rtol=TOL[dtype], atol=TOL[dtype] * 10)


def test_empty_batch_gives_empty_results():
    x, w, b, dout, kw = random_case(CASES[1], np.float32)
    out, cache = conv2d_forward(x[:0], w, b, **kw)
    dx, dw, db = conv2d_backward(dout[:0], cache)
    assert (out.shape, dx.shape) == ((0, *dout.shape[1:]), (0, *x.shape[1:]))
    assert not dw.any() and not db.any()


def test_results_do_not_share_memory_across_calls():
    """Backward reuses work buffers between calls; what it returns must not change afterwards,
    whatever the next call's shape and dtype."""
    x, w, b, dout, kw = random_case(CASES[1], np.float32)
    out, cache = conv2d_forward(x, w, b, **kw)
    first = [out.copy(), *(a.copy() for a in conv2d_backward(dout, cache))]
    kept = [out, *conv2d_backward(dout, cache)]
    for case, dtype in ((CASES[4], np.float64), (CASES[1], np.float32), (CASES[0], np.float32)):
        x2, w2, b2, dout2, kw2 = random_case(case, dtype, seed=5)
        reference = torch_conv(x2, w2, b2, kw2["stride"], kw2["padding"], kw2["dilation"], dout2)
        out2, cache2 = conv2d_forward(x2, w2, b2, **kw2)
        for name, ours, ref in zip(("out", "dx", "dW", "db"),
                                   (out2, *conv2d_backward(dout2, cache2)), reference):
            assert_close(name, ours, ref, dtype)
    for ours, before in zip(kept, first):
        np.testing.assert_array_equal(ours, before)


def test_functional_backward_checks_dout_shape():
    x, w, b, dout, kw = random_case(CASES[1], np.float64)
    _, cache = conv2d_forward(x, w, b, **kw)
    with pytest.raises(ValueError, match=r"dout of shape \(N, F, H', W'\) = \(2, 4, 7, 9\)"):
        conv2d_backward(dout[:1], cache)        # one image where the forward had two


@pytest.mark.parametrize("kw", [dict(kernel_size=2), dict(kernel_size=3), dict(kernel_size=(2, 3)),
                                dict(kernel_size=2, stride=1), dict(kernel_size=4)], ids=str)
@pytest.mark.parametrize("shape", [(3, 4, 8, 8), (2, 3, 9, 7)], ids=str)
def test_maxpool_with_many_ties_matches_torch(kw, shape):
    """Rounded values after a ReLU: most windows hold ties (all zeros), as in a real CNN."""
    x = np.maximum(np.round(np.random.default_rng(0).standard_normal(shape)), 0).astype(np.float32)
    xt = torch.tensor(x, requires_grad=True)
    out_ref = tF.max_pool2d(xt, **kw)
    dout = np.random.default_rng(1).standard_normal(out_ref.shape).astype(np.float32)
    out_ref.backward(torch.tensor(dout))
    layer = MaxPool2d(**kw)
    np.testing.assert_array_equal(layer.forward(x), out_ref.detach().numpy())
    # overlapping windows add their gradients in another order than torch: rounding only
    np.testing.assert_allclose(layer.backward(dout), xt.grad.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_a_first_layer_over_several_blocks_matches_torch(dtype):
    """3 → 32 channels on 32×32 images (the CIFAR first layer), several blocks of images: dW is
    summed over the images' products and the blocks; out and the gradients match torch's."""
    x, w, b, dout, kw = random_case((16, 3, 32, 32, 32, 3, 1, 1, 1), dtype)
    out, cache = conv2d_forward(x, w, b, **kw)
    reference = torch_conv(x, w, b, kw["stride"], kw["padding"], kw["dilation"], dout)
    for name, ours, ref in zip(("out", "dx", "dW", "db"), (out, *conv2d_backward(dout, cache)),
                               reference):
        assert_close(name, ours, ref, dtype)


def test_random_geometries_match_the_naive_loops():
    """Forty random kernels, strides, paddings and dilations, on images down to one pixel wide
    (where a dilated kernel reaches past a row's padding, the case col2im's row length covers):
    the im2col forward and backward equal the loops, float64."""
    rng = np.random.default_rng(7)
    tried = 0
    while tried < 40:
        HH, WW, H, W = (int(v) for v in rng.integers(1, 6, 4))
        s, p, d = ((int(a), int(b)) for a, b in rng.integers((1, 0, 1), (4, 3, 3), (2, 3)).T)
        if H + 2 * p[0] < d[0] * (HH - 1) + 1 or W + 2 * p[1] < d[1] * (WW - 1) + 1:
            continue
        tried += 1
        N, C, F = (int(v) for v in rng.integers(1, 4, 3))
        x = rng.standard_normal((N, C, H, W))
        w = rng.standard_normal((F, C, HH, WW))
        b = rng.standard_normal(F) if tried % 2 else None
        kw = dict(stride=s, padding=p, dilation=d)
        out, cache = conv2d_forward(x, w, b, **kw)
        ref = conv2d_forward_naive(x, w, np.zeros(F) if b is None else b, **kw)
        dout = rng.standard_normal(out.shape)
        where = f"kernel {(HH, WW)}, x {x.shape}, {kw}"
        np.testing.assert_allclose(out, ref, rtol=1e-10, atol=1e-10, err_msg=where)
        naive = conv2d_backward_naive(dout, x, w, **kw)
        for ours, theirs in zip(conv2d_backward(dout, cache), naive):
            np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10, err_msg=where)


# "same" convolutions at stride 1 (W' = W) store the padded images without zeros between rows;
# the taps that reach past a row's end read the next row and are zeroed (conv._geometry)
SAME = [
    (3, 2, 6, 9, 4, (3, 3), (1, 1), (1, 1)),
    (2, 3, 8, 8, 2, (5, 5), (2, 2), (1, 1)),
    (2, 2, 7, 10, 3, (3, 3), (2, 2), (2, 2)),      # dilated: the taps reach two pixels out
    (1, 2, 5, 2, 3, (3, 3), (1, 1), (1, 1)),       # an image two pixels wide: W = 2P
    (2, 1, 4, 7, 2, (1, 5), (0, 2), (1, 1)),
    (2, 2, 6, 6, 3, (3, 1), (1, 0), (1, 1)),       # nothing reaches past a row: no edges
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("case", SAME, ids=lambda c: "N{}C{}H{}W{}F{}k{}p{}d{}".format(*c))
def test_same_convolutions_with_exact_rows_match_torch(case, dtype):
    N, C, H, W, F, k, p, d = case
    rng = np.random.default_rng(5)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, *k)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    out, cache = conv2d_forward(x, w, b, padding=p, dilation=d)
    assert out.shape == (N, F, H, W)
    dout = rng.standard_normal(out.shape).astype(dtype)
    reference = torch_conv(x, w, b, 1, p, d, dout)
    for name, ours, ref in zip(("out", "dx", "dW", "db"), (out, *conv2d_backward(dout, cache)),
                               reference):
        assert_close(name, ours, ref, dtype)


def test_a_non_finite_pixel_stays_where_torch_puts_it():
    """An inf at the end of a row is read, in the flattened images, by the taps that wrap round
    to the next row; those are zeroed, so it reaches exactly the outputs that torch's reach."""
    rng = np.random.default_rng(6)
    x = rng.standard_normal((2, 2, 6, 6))
    x[0, 1, 2, 5] = np.inf
    x[1, 0, 3, 0] = -np.inf
    w = rng.standard_normal((3, 2, 3, 3))
    b = rng.standard_normal(3)
    out, _ = conv2d_forward(x, w, b, padding=1)
    ref = tF.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), padding=1).numpy()
    np.testing.assert_array_equal(np.isfinite(out), np.isfinite(ref))
    finite = np.isfinite(ref)
    np.testing.assert_allclose(out[finite], ref[finite], rtol=1e-10, atol=1e-10)


def test_backward_takes_any_dout_layout_and_dtype():
    """With exact rows backward reads dout in place: a transposed (non-contiguous) or float64
    dout for a float32 forward gives the gradients of the plain contiguous one."""
    x, w, b, dout, kw = random_case((3, 2, 8, 8, 4, 3, 1, 1, 1), np.float32)
    _, cache = conv2d_forward(x, w, b, **kw)
    expected = conv2d_backward(dout, cache)
    for other in (np.ascontiguousarray(dout.transpose(3, 2, 1, 0)).transpose(3, 2, 1, 0),
                  dout.astype(np.float64)):
        for ours, ref in zip(conv2d_backward(other, cache), expected):
            np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-5)
