"""Conv-ready conventions: fans from a layout (as torch computes them), images (N, C, H, W) from
``load(flatten=False)``, and the torch bridge's registry for a new layer type."""
import numpy as np
import pytest
import torch

from nnbook import init
from nnbook.data import load, load_digits
from nnbook.gradcheck import compare_with_torch
from nnbook.layers import Layer, Linear, Parameter, ReLU, Sequential
from nnbook.torch_bridge import ParameterMap, register, to_torch, torch_parameter_name, twin_of


@pytest.mark.parametrize("shape", [(8, 3, 3, 3), (16, 1, 5, 5), (4, 6, 1, 2)])
def test_conv_fans_are_torchs(shape):
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init.fans(shape, "conv") == (fan_in, fan_out)


def test_linear_fans_follow_the_packages_D_by_M_layout():
    assert init.fans((784, 256)) == (784, 256)
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(256, 784))   # torch (M, D)
    assert init.fans((784, 256), "linear") == (fan_in, fan_out)


@pytest.mark.parametrize("f, var", [(init.he_normal, lambda i, o: 2 / i),
                                    (init.xavier_normal, lambda i, o: 2 / (i + o)),
                                    (init.he_uniform, lambda i, o: 2 / i),          # U(-a, a): a²/3
                                    (init.xavier_uniform, lambda i, o: 2 / (i + o))])
@pytest.mark.parametrize("shape, layout", [((400, 300), "linear"), ((64, 32, 3, 3), "conv")])
def test_initializers_have_the_variance_of_their_layout(f, var, shape, layout):
    W = f(shape, layout=layout, rng=0)
    assert W.shape == shape and W.dtype == np.float64
    expected = var(*init.fans(shape, layout))
    assert abs(W.var() / expected - 1) < 0.03, (W.var(), expected)


def test_initializers_are_unchanged_for_linear_weights():
    # he_normal(shape) is sqrt(2 / D) times the generator's standard normals, as before
    expected = np.sqrt(2 / 5) * np.random.default_rng(3).standard_normal((5, 4))
    np.testing.assert_array_equal(init.he_normal((5, 4), rng=3), expected)
    assert init.normal((2, 2), 0.5, rng=1, dtype=np.float32).dtype == np.float32


def test_digits_as_images():
    X, y = load_digits()
    images, y2 = load_digits(flatten=False)
    assert images.shape == (1797, 1, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), X)
    np.testing.assert_array_equal(y, y2)
    split = load("digits", flatten=False, dtype=np.float32)
    assert split.X_train.shape[1:] == (1, 8, 8) and split.X_test.shape[1:] == (1, 8, 8)
    assert split.X_train.dtype == np.float32
    assert load("moons", n=50, flatten=False).X_train.shape[1:] == (2,)     # points stay points


class Scale(Layer):
    """out = x * s with s (D,) stored reversed, to prove the registry's conversions are used."""

    def __init__(self, D):
        super().__init__()
        self.s_reversed = Parameter(np.linspace(0.5, 2.0, D))

    def forward(self, x):
        self._x = x
        return self._remember(x * self.s_reversed.value[::-1])

    def backward(self, dout):
        dout = self._check_dout(dout)
        self.s_reversed.grad += (dout * self._x).sum(axis=0)[::-1]
        return dout * self.s_reversed.value[::-1] if self.needs_input_grad else None


class TorchScale(torch.nn.Module):
    def __init__(self, D, dtype):
        super().__init__()
        self.scale = torch.nn.Parameter(torch.ones(D, dtype=dtype))

    def forward(self, x):
        return x * self.scale


def test_a_new_layer_type_is_registered_without_touching_the_bridge():
    flip = lambda a: np.ascontiguousarray(a[::-1])                  # noqa: E731
    register(Scale, lambda layer, children, dtype: TorchScale(len(layer.s_reversed.value), dtype or torch.float64),
             s_reversed=ParameterMap("scale", flip, flip))
    model = Sequential(Linear(3, 4, rng=0), ReLU(), Scale(4), Linear(4, 2, rng=1))
    assert torch_parameter_name("2.s_reversed", model) == "2.scale"
    assert torch_parameter_name("0.W", model) == "0.weight"
    module = to_torch(model)
    np.testing.assert_array_equal(module[2].scale.detach().numpy(), np.linspace(0.5, 2.0, 4)[::-1])
    errors = compare_with_torch(model, np.random.default_rng(0).standard_normal((5, 3)))
    assert max(errors.values()) < 1e-12, errors


def test_an_unregistered_layer_is_a_clear_error():
    class Mystery(Layer):
        pass

    with pytest.raises(TypeError, match="layer Mystery has no torch equivalent registered; register one"):
        twin_of(Mystery())
    with pytest.raises(TypeError, match="register: layer_type must be a Layer subclass"):
        register(int, lambda *a: None)
