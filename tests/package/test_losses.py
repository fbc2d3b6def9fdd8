"""Losses against torch.nn.functional, numerically stable, with clear errors."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnbook.gradcheck import numerical_gradient, rel_error
from nnbook.losses import MSE, BinaryCrossEntropy, SoftmaxCrossEntropy


def torch_value_and_grad(fn, scores, y):
    s = torch.tensor(scores, requires_grad=True)
    value = fn(s, torch.as_tensor(y))
    value.backward()
    return value.item(), s.grad.numpy()


CASES = {
    "cross-entropy": (SoftmaxCrossEntropy, lambda s, y: F.cross_entropy(s, y),
                      lambda r, N: (r.standard_normal((N, 5)), r.integers(0, 5, N))),
    "mse": (MSE, F.mse_loss, lambda r, N: (r.standard_normal((N, 3)), r.standard_normal((N, 3)))),
    "bce": (BinaryCrossEntropy, lambda s, y: F.binary_cross_entropy_with_logits(s, y.to(s.dtype)),
            lambda r, N: (r.standard_normal(N) * 3, r.integers(0, 2, N).astype(np.float64))),
}


@pytest.mark.parametrize("N", [1, 8, 64])
@pytest.mark.parametrize("case", CASES)
def test_loss_and_gradient_match_torch(case, N):
    cls, torch_fn, data = CASES[case]
    scores, y = data(np.random.default_rng(N), N)
    loss = cls()
    value = loss.forward(scores, y)
    dscores = loss.backward()
    expected_value, expected_grad = torch_value_and_grad(torch_fn, scores, y)
    assert rel_error(value, expected_value) <= 1e-12
    assert rel_error(dscores, expected_grad) <= 1e-7
    assert dscores.shape == scores.shape and dscores.dtype == scores.dtype
    # Gradients of a mean over 64 samples are ~1e-4, where the centered difference's round-off
    # (~1e-16 / h = 1e-11) is already a relative 1e-7 .. 1e-6: torch is the tight referee here.
    numeric = numerical_gradient(lambda: loss.forward(scores, y), scores)
    assert rel_error(dscores, numeric) <= 1e-5


@pytest.mark.parametrize("scale", [1e2, 1e4, 1e6])
def test_cross_entropy_is_stable_for_huge_logits(scale):
    scores = np.array([[1.0, -1.0, 0.5], [-2.0, 0.0, 2.0]]) * scale
    y = np.array([0, 1])
    loss = SoftmaxCrossEntropy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = loss.forward(scores, y)
        dscores = loss.backward()
    expected_value, expected_grad = torch_value_and_grad(F.cross_entropy, scores, y)
    assert np.isfinite(value) and rel_error(value, expected_value) <= 1e-12
    np.testing.assert_allclose(dscores, expected_grad, atol=1e-15)


def test_bce_is_stable_for_huge_logits():
    scores, y = np.array([1e4, -1e4, 1e4]), np.array([1.0, 0.0, 0.0])
    loss = BinaryCrossEntropy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = loss.forward(scores, y)
    assert value == pytest.approx(1e4 / 3)
    np.testing.assert_allclose(loss.backward(), [0, 0, 1 / 3])


def test_float32_scores_give_float32_gradients():
    scores = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    loss = SoftmaxCrossEntropy()
    loss.forward(scores, np.array([0, 1, 2, 0]))
    assert loss.backward().dtype == np.float32


def test_uniform_scores_give_log_C():
    assert SoftmaxCrossEntropy().forward(np.zeros((3, 10)), np.array([1, 2, 3])) == pytest.approx(np.log(10))


def test_labels_out_of_range_are_named():
    with pytest.raises(ValueError, match=r"label y\[2\] = 7 is out of range for 5 classes"):
        SoftmaxCrossEntropy().forward(np.zeros((4, 5)), np.array([0, 1, 7, -1]))
    with pytest.raises(ValueError, match=r"labels y of shape \(4,\) for 4 samples \(the rows of scores\), got \(4, 1\)"):
        SoftmaxCrossEntropy().forward(np.zeros((4, 5)), np.zeros((4, 1), dtype=int))
    with pytest.raises(ValueError, match=r"scores of shape \(N, C\), got \(5,\)"):
        SoftmaxCrossEntropy().forward(np.zeros(5), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="integer class labels"):
        SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0.5, 1.0]))


def test_other_losses_name_bad_shapes():
    with pytest.raises(ValueError, match=r"same shape as scores \(4, 2\), got \(4,\)"):
        MSE().forward(np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ValueError, match=r"targets in \[0, 1\]"):
        BinaryCrossEntropy().forward(np.zeros(3), np.array([0, 1, 2]))
    with pytest.raises(RuntimeError, match="backward called before forward"):
        MSE().backward()
