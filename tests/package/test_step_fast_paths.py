"""The fast paths of a training step compute exactly what the plain formulas compute: lazy
``zero_grad`` with ``Parameter.accumulate`` (gradients written straight into ``grad``), the
in-place bias add, the cross-entropy's row maximum and flat indexing. Compared bit for bit."""
import numpy as np
import pytest

from nnbook.layers import Linear, Parameter, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy, log_softmax
from nnbook.optim import SGD


def test_zero_grad_reads_as_zeros_in_the_same_array():
    p = Parameter(np.ones((3, 2)))
    grad = p.grad
    grad += 5
    p.zero_grad()
    assert p.grad is grad and not p.grad.any()
    p.zero_grad()
    p.grad += 1                                  # += on a cleared grad adds to zeros
    np.testing.assert_array_equal(p.grad, np.ones((3, 2)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_accumulate_writes_what_adding_to_zeros_gives_then_adds(dtype):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((7, 5)).astype(dtype), rng.standard_normal((5, 4)).astype(dtype)
    p = Parameter(np.zeros((7, 4), dtype))
    grad = p.grad
    grad += 3
    p.zero_grad()
    p.accumulate(np.matmul, a, b)
    expected = np.zeros((7, 4), dtype)
    expected += a @ b
    assert p.grad is grad
    np.testing.assert_array_equal(p.grad, expected)
    p.accumulate(np.matmul, a, b)                # no zero_grad in between: the sum
    expected += a @ b
    np.testing.assert_array_equal(p.grad, expected)


def test_accumulate_with_operands_of_another_dtype_computes_in_theirs():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((50, 3))             # float64 into a float32 gradient
    p = Parameter(np.zeros(3, np.float32))
    p.zero_grad()
    p.accumulate(np.add.reduce, a, axis=0)
    expected = np.zeros(3, np.float32)
    expected += a.sum(axis=0)                    # summed in float64, then rounded once
    np.testing.assert_array_equal(p.grad, expected)
    assert p.grad.dtype == np.float32


def test_a_step_right_after_zero_grad_sees_zero_gradients():
    p = Parameter(np.full(4, 2.0))
    p.grad += 7
    opt = SGD({"w": p}, lr=0.5, weight_decay=0.1)
    p.zero_grad()
    opt.step()
    np.testing.assert_array_equal(p.value, np.full(4, 2.0) - 0.5 * (0.1 * np.full(4, 2.0)))


def _reference_steps(W1, b1, W2, b2, X, y, lr, steps):
    """The training step written out with the plain formulas (eager zeros, new arrays)."""
    W1, b1, W2, b2 = (a.copy() for a in (W1, b1, W2, b2))
    N, C = len(X), W2.shape[1]
    losses = []
    for _ in range(steps):
        h = X @ W1 + b1
        a = np.maximum(h, 0, dtype=h.dtype)
        s = a @ W2 + b2
        shifted = s - s.max(axis=-1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        losses.append(float(-logp[np.arange(N), y].mean()))
        ds = np.exp(logp)
        ds[np.arange(N), y] -= 1
        ds = ds / N
        grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        grads[2] += a.T @ ds
        grads[3] += ds.sum(axis=0)
        dh = (ds @ W2.T) * (h > 0)
        grads[0] += X.T @ dh
        grads[1] += dh.sum(axis=0)
        for p, g in zip((W1, b1, W2, b2), grads):
            p -= lr * g
    assert C == s.shape[1]
    return (W1, b1, W2, b2), losses


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_training_steps_are_bit_identical_to_the_plain_formulas(dtype):
    rng = np.random.default_rng(2)
    X = rng.random((30, 20)).astype(dtype)
    y = rng.integers(0, 5, 30)
    model = Sequential(Linear(20, 16, dtype=dtype, rng=0), ReLU(), Linear(16, 5, dtype=dtype, rng=1))
    model.needs_input_grad = False
    start = [p.value.copy() for p in model.parameters().values()]
    loss_fn, opt = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(3):
        model.zero_grad()
        losses.append(loss_fn.forward(model.forward(X), y))
        model.backward(loss_fn.backward())
        opt.step()
    expected, expected_losses = _reference_steps(*start, X, y, 0.1, 3)
    assert losses == expected_losses
    for p, e in zip(model.parameters().values(), expected):
        np.testing.assert_array_equal(p.value, e)


@pytest.mark.parametrize("shape", [(64, 10), (3, 10), (10, 10), (2, 3, 4), (7,)])
def test_log_softmax_is_bit_identical_to_the_plain_formula(shape):
    s = np.random.default_rng(3).standard_normal(shape).astype(np.float32) * 30
    shifted = s - s.max(axis=-1, keepdims=True)
    np.testing.assert_array_equal(log_softmax(s),
                                  shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))
    nan = s.copy()
    nan[(0,) * s.ndim] = np.nan                  # a NaN still spreads through its row
    assert np.isnan(log_softmax(nan)[(0,) * s.ndim])
