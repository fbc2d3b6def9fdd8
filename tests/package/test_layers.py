"""Every layer against torch.autograd (float64, ≤ 1e-7) and against centered differences."""
import numpy as np
import pytest

from nnbook.gradcheck import check_layer, compare_with_torch
from nnbook.layers import (Dropout, LeakyReLU, Linear, Parameter, ReLU, Sequential, Sigmoid,
                           Softmax, Tanh)

SHAPES = [(1, 4), (7, 4), (32, 4)]          # batch size 1 included


def make(name, D=4, dtype=np.float64):
    return {
        "Linear": lambda: Linear(D, 3, rng=1, dtype=dtype),
        "Linear-xavier": lambda: Linear(D, 5, init="xavier", rng=2, dtype=dtype),
        "ReLU": ReLU,
        "LeakyReLU": lambda: LeakyReLU(0.1),
        "Sigmoid": Sigmoid,
        "Tanh": Tanh,
        "Softmax": Softmax,
        "MLP": lambda: Sequential(Linear(D, 6, rng=3, dtype=dtype), ReLU(),
                                  Linear(6, 5, rng=4, dtype=dtype), Tanh(),
                                  Linear(5, 3, rng=5, dtype=dtype)),
    }[name]()


LAYERS = ["Linear", "Linear-xavier", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "MLP"]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", LAYERS)
def test_gradients_match_torch_autograd(name, shape):
    x = np.random.default_rng(sum(shape)).standard_normal(shape)
    errors = compare_with_torch(make(name), x, rng=7)
    worst = max(errors, key=errors.get)
    assert errors[worst] <= 1e-7, f"{name}: {worst} differs from torch by {errors[worst]:.2e}: {errors}"


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", LAYERS)
def test_gradients_match_numerical_differentiation(name, shape):
    # Entries near 0 of a layer's input would sit on ReLU's kink; keep them away from it.
    x = np.random.default_rng(sum(shape) + 1).standard_normal(shape)
    x += np.sign(x) * 0.01
    errors = check_layer(make(name), x, rng=8)
    worst = max(errors, key=errors.get)
    assert errors[worst] <= 1e-6, f"{name}: {worst} off numerically by {errors[worst]:.2e}: {errors}"


@pytest.mark.parametrize("name", LAYERS)
def test_float32_in_float32_out_and_close_to_torch(name):
    layer = make(name, dtype=np.float32)
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == np.float32 and dx.dtype == np.float32
    for p in layer.parameters().values():
        assert p.value.dtype == p.grad.dtype == np.float32
    errors = compare_with_torch(layer, x)
    assert max(errors.values()) <= 1e-5, errors


def test_linear_is_affine_with_W_of_shape_D_by_M():
    layer = Linear(3, 2, rng=0)
    layer.b.value[:] = [1.0, -1.0]
    x = np.arange(6.0).reshape(2, 3)
    assert layer.W.shape == (3, 2)
    np.testing.assert_allclose(layer(x), x @ layer.W.value + [1.0, -1.0])
    assert set(layer.parameters()) == {"W", "b"}


def test_linear_accepts_non_contiguous_input():
    layer = Linear(4, 3, rng=0)
    x = np.random.default_rng(0).standard_normal((4, 6)).T[:, ::1][::2, :4]   # a strided view
    assert not x.flags.c_contiguous
    assert compare_with_torch(layer, x)["W"] <= 1e-7


def test_linear_names_both_shapes_when_input_is_wrong():
    with pytest.raises(ValueError, match=r"Linear\(4 → 3\) expects x of shape \(N, 4\), got \(8, 5\)"):
        Linear(4, 3)(np.zeros((8, 5)))
    with pytest.raises(ValueError, match="forget to flatten"):
        Linear(12, 3)(np.zeros((8, 3, 4)))


def test_settings_are_validated_where_they_enter():
    with pytest.raises(ValueError, match=r"in_features must be a positive integer \(1, 2, ...\), got 0"):
        Linear(0, 3)
    with pytest.raises(ValueError, match="init must be one of 'he', 'normal', 'xavier', got 'kaiming'"):
        Linear(2, 3, init="kaiming")
    with pytest.raises(ValueError, match="float32 or float64"):
        Linear(2, 3, dtype=np.int32)
    with pytest.raises(ValueError, match=r"p \(the probability of dropping a unit\) must be a finite number in \[0, 1\), got 1\.0"):
        Dropout(1.0)
    with pytest.raises(ValueError, match="negative_slope"):
        LeakyReLU(-1)
    with pytest.raises(TypeError, match="item 1 is int"):
        Sequential(ReLU(), 3)


def test_backward_checks_dout_and_order():
    relu = ReLU()
    with pytest.raises(RuntimeError, match="backward called before forward"):
        relu.backward(np.ones(3))
    relu.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"dout of shape \(2, 3\).*got \(3, 2\)"):
        relu.backward(np.ones((3, 2)))


def test_relu_at_exactly_zero_has_derivative_zero_like_torch():
    relu = ReLU()
    x = np.array([[-1.0, 0.0, 2.0]])
    assert relu(x).tolist() == [[0.0, 0.0, 2.0]]
    assert relu.backward(np.ones((1, 3))).tolist() == [[0.0, 0.0, 1.0]]
    assert compare_with_torch(relu, x)["x"] == 0.0


def test_leaky_relu_at_zero_uses_the_negative_slope_like_torch():
    x = np.array([[0.0, -2.0, 3.0]])
    assert compare_with_torch(LeakyReLU(0.2), x)["x"] == 0.0


def test_zero_input_gives_zero_weight_gradient():
    layer = Linear(4, 3, rng=0)
    layer.forward(np.zeros((5, 4)))
    dx = layer.backward(np.ones((5, 3)))
    assert np.all(layer.W.grad == 0) and np.all(layer.b.grad == 5)
    np.testing.assert_allclose(dx, np.ones((5, 3)) @ layer.W.value.T)


@pytest.mark.parametrize("layer", [Sigmoid(), Tanh(), Softmax()], ids=repr)
def test_saturating_activations_stay_finite_for_huge_inputs(layer):
    x = np.array([[-1e4, 0.0, 1e4]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = layer(x)
        dx = layer.backward(np.ones_like(out))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))


def test_softmax_rows_sum_to_one():
    p = Softmax()(np.random.default_rng(0).standard_normal((6, 10)) * 50)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_dropout_keeps_the_expectation_and_is_the_identity_in_eval():
    drop = Dropout(0.3, rng=0)
    x = np.ones((2000, 50))
    out = drop(x)
    assert set(np.unique(out)) == {0.0, 1 / 0.7}
    assert abs(out.mean() - 1) < 0.01
    dx = drop.backward(np.ones_like(x))
    np.testing.assert_array_equal(dx, out)            # the same mask in backward
    drop.eval()
    np.testing.assert_array_equal(drop(x), x)


def test_dropout_is_reproducible_from_its_seed():
    x = np.ones((4, 8))
    np.testing.assert_array_equal(Dropout(0.5, rng=3)(x), Dropout(0.5, rng=3)(x))


def test_sequential_names_parameters_and_propagates_mode():
    model = Sequential(Linear(4, 5), ReLU(), Dropout(0.5), Linear(5, 2))
    assert list(model.parameters()) == ["0.W", "0.b", "3.W", "3.b"]
    model.eval()
    assert not any(layer.training for layer in model.layers)
    model.train()
    assert all(layer.training for layer in model.layers)
    assert "Linear(4 → 5)" in repr(model)


def test_zero_grad_and_parameter_repr():
    layer = Linear(2, 2)
    layer.forward(np.ones((1, 2)))
    layer.backward(np.ones((1, 2)))
    layer.zero_grad()
    assert all(np.all(p.grad == 0) for p in layer.parameters().values())
    assert repr(layer.W) == "Parameter(shape=(2, 2), dtype=float64)"
    assert isinstance(layer.W, Parameter)
