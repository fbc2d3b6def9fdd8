"""The checking tools themselves: they must catch wrong gradients, not only pass right ones."""
import numpy as np
import pytest

from nnbook import init
from nnbook.gradcheck import check_layer, numerical_gradient, numerical_gradient_array, rel_error
from nnbook.layers import Layer, Linear, Parameter, Sequential, ReLU
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.regularizers import L1, L2, weights


def test_numerical_gradient_of_a_known_function_and_restores_x():
    x = np.array([1.0, -2.0, 3.0])
    before = x.copy()
    g = numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    np.testing.assert_allclose(g, 3 * before ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_array_is_a_vector_jacobian_product():
    x = np.random.default_rng(0).standard_normal((3, 2))
    dout = np.random.default_rng(1).standard_normal((3, 2))
    g = numerical_gradient_array(lambda: np.sin(x), x, dout)
    np.testing.assert_allclose(g, np.cos(x) * dout, rtol=1e-7)


def test_numerical_gradient_rejects_what_it_cannot_perturb():
    with pytest.raises(TypeError, match="floating-point numpy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_rel_error_follows_cs231n():
    assert rel_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert rel_error(0.0, 1e-10) == pytest.approx(1e-2)          # the 1e-8 floor
    with pytest.raises(ValueError, match=r"a \(2,\) and b \(3,\)"):
        rel_error(np.zeros(2), np.zeros(3))


class BrokenLinear(Linear):
    """A Linear whose weight gradient forgets to sum over... no: it is transposed-scaled wrong."""

    def backward(self, dout):
        dx = super().backward(dout)
        self.W.grad = self.W.grad * 0.5
        return dx


def test_check_layer_catches_a_wrong_gradient():
    errors = check_layer(BrokenLinear(3, 2, rng=0), np.random.default_rng(0).standard_normal((4, 3)))
    assert errors["x"] < 1e-7 and errors["b"] < 1e-7
    assert errors["W"] > 0.1


def test_check_layer_with_a_loss_checks_a_whole_model():
    model = Sequential(Linear(5, 8, rng=0), ReLU(), Linear(8, 3, rng=1))
    x = np.random.default_rng(2).standard_normal((10, 5))
    errors = check_layer(model, x, loss=SoftmaxCrossEntropy(), y=np.arange(10) % 3)
    assert set(errors) == {"x", "0.W", "0.b", "2.W", "2.b"}
    assert max(errors.values()) < 1e-6
    with pytest.raises(ValueError, match="loss and y together"):
        check_layer(model, x, loss=SoftmaxCrossEntropy())


@pytest.mark.parametrize("fn, std", [
    (init.he_normal, np.sqrt(2 / 400)), (init.xavier_normal, np.sqrt(2 / 700)),
    (init.he_uniform, np.sqrt(2 / 400)), (init.xavier_uniform, np.sqrt(2 / 700)),
])
def test_initializers_have_the_variance_they_promise(fn, std):
    W = fn((400, 300), rng=0, dtype=np.float32)
    assert W.shape == (400, 300) and W.dtype == np.float32
    assert W.std() == pytest.approx(std, rel=0.02)
    np.testing.assert_array_equal(W, fn((400, 300), rng=0, dtype=np.float32))


def test_initializers_need_a_matrix_shape():
    with pytest.raises(ValueError, match=r"got \(5,\)"):
        init.he_normal((5,))


def test_l2_penalty_and_gradient_act_on_weights_only():
    model = Sequential(Linear(3, 4, rng=0), ReLU(), Linear(4, 2, rng=1))
    params = model.parameters()
    assert list(weights(params)) == ["0.W", "2.W"]
    reg = L2(0.1)
    expected = 0.05 * sum(np.sum(p.value ** 2) for p in weights(params).values())
    assert reg.penalty(params) == pytest.approx(expected)
    for p in params.values():
        p.grad = np.zeros_like(p.value)
    reg.backward(params)
    np.testing.assert_allclose(params["0.W"].grad, 0.1 * params["0.W"].value)
    assert np.all(params["0.b"].grad == 0)
    W = params["2.W"]
    numeric = numerical_gradient(lambda: reg.penalty(params), W.value)
    assert rel_error(W.grad, numeric) < 1e-7


def test_l1_and_bad_strength():
    p = {"W": Parameter(np.array([[-2.0, 0.0, 3.0]]))}
    assert L1(0.5).penalty(p) == 2.5
    np.testing.assert_array_equal(L1(0.5).grad(p["W"].value), [[-0.5, 0.0, 0.5]])
    with pytest.raises(ValueError, match=r"lam \(the penalty.s strength λ\) must be a finite number in \[0, inf\), got -1"):
        L2(-1)


def test_check_layer_refuses_dropout_in_training_mode():
    from nnbook.layers import Dropout
    model = Sequential(Linear(3, 3, rng=0), Dropout(0.5, rng=0))
    with pytest.raises(ValueError, match=r"Dropout\(p=0.5\) draws a new mask .* model.eval\(\)"):
        check_layer(model, np.ones((2, 3)))
    assert max(check_layer(model.eval(), np.ones((2, 3))).values()) < 1e-7


def test_a_layer_that_implements_nothing_says_so():
    with pytest.raises(NotImplementedError, match="Layer does not implement forward"):
        Layer()(np.zeros(2))
