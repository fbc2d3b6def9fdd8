"""Mini-batches: every sample once per epoch, seeded shuffles, the last partial batch."""
import numpy as np
import pytest

from nnbook.data import BatchLoader, iterate_minibatches


def epoch_labels(batches) -> list[list[int]]:
    return [yb.tolist() for _, yb in batches]


@pytest.mark.parametrize("N, B", [(10, 4), (12, 4), (7, 1), (3, 10)])
def test_every_sample_once_per_epoch_with_a_partial_last_batch(N, B):
    X, y = np.arange(N)[:, None] * 10, np.arange(N)
    batches = list(iterate_minibatches(X, y, B, rng=0))
    sizes = [len(yb) for _, yb in batches]
    assert sizes == [B] * (N // B) + ([N % B] if N % B else [])
    assert sorted(np.concatenate([yb for _, yb in batches]).tolist()) == list(range(N))
    assert all(np.array_equal(xb[:, 0], 10 * yb) for xb, yb in batches), "X and y rows were separated"


def test_drop_last_skips_only_the_partial_batch():
    X, y = np.zeros((10, 3)), np.arange(10)
    sizes = [len(yb) for _, yb in iterate_minibatches(X, y, 4, drop_last=True, rng=0)]
    assert sizes == [4, 4]
    assert [len(yb) for _, yb in iterate_minibatches(X, y, 5, drop_last=True, rng=0)] == [5, 5]
    assert list(iterate_minibatches(X, y, 11, drop_last=True)) == []


def test_the_shuffle_follows_the_seed_and_no_shuffle_keeps_the_order():
    X, y = np.zeros((50, 2)), np.arange(50)
    a, b = (epoch_labels(iterate_minibatches(X, y, 8, rng=3)) for _ in range(2))
    assert a == b
    assert a != epoch_labels(iterate_minibatches(X, y, 8, rng=4))
    assert np.concatenate(a).tolist() != list(range(50))
    in_order = epoch_labels(iterate_minibatches(X, y, 8, shuffle=False))
    assert np.concatenate(in_order).tolist() == list(range(50))


def test_a_generator_advances_so_each_call_is_a_new_shuffle():
    X, y = np.zeros((30, 1)), np.arange(30)
    g = np.random.default_rng(0)
    assert epoch_labels(iterate_minibatches(X, y, 30, rng=g)) != epoch_labels(iterate_minibatches(X, y, 30, rng=g))


def test_batch_loader_reshuffles_each_epoch_and_is_reproducible():
    X, y = np.zeros((10, 1)), np.arange(10)
    loader = BatchLoader(X, y, 4, rng=0)
    first, second = (np.concatenate([yb for _, yb in loader]) for _ in range(2))
    assert sorted(first) == sorted(second) == list(range(10)) and not np.array_equal(first, second)
    one, two = BatchLoader(X, y, 4, rng=0), BatchLoader(X, y, 4, rng=0)
    assert [epoch_labels(one) for _ in range(3)] == [epoch_labels(two) for _ in range(3)]
    assert "batches=3" in repr(one)


@pytest.mark.parametrize("N, B, drop_last, expected", [(10, 4, False, 3), (10, 4, True, 2), (8, 4, False, 2),
                                                       (8, 4, True, 2), (3, 10, False, 1), (3, 10, True, 0)])
def test_batch_loader_length_is_the_number_of_batches(N, B, drop_last, expected):
    loader = BatchLoader(np.zeros((N, 2)), np.zeros(N), B, drop_last=drop_last, rng=0)
    assert len(loader) == expected == len(list(loader))


def test_errors_are_raised_at_the_call_and_name_the_problem():
    with pytest.raises(ValueError, match=r"batch_size must be a positive integer \(1, 2, ...\), got 0"):
        iterate_minibatches(np.zeros((3, 1)), np.zeros(3), 0)          # no list(): raised at once
    with pytest.raises(TypeError, match=r"batch_size must be a positive integer \(1, 2, ...\), got 2.5"):
        iterate_minibatches(np.zeros((3, 1)), np.zeros(3), 2.5)
    with pytest.raises(ValueError, match="X has 3 samples but y has 2"):
        BatchLoader(np.zeros((3, 1)), np.zeros(2), 2)
    with pytest.raises(TypeError, match=r"BatchLoader: batch_size must be a positive integer \(1, 2, ...\), got True"):
        BatchLoader(np.zeros((3, 1)), np.zeros(3), True)
