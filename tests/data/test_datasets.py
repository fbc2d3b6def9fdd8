"""Built-in datasets, splits, standardization and mini-batches."""
import numpy as np
import pytest

from nnbook.data import (BatchLoader, Standardizer, iterate_minibatches, load, load_digits, make_blobs,
                         make_moons, make_spirals, train_val_test_split)


def test_digits_are_the_real_8x8_images_scaled_to_0_1():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 1 and np.bincount(y).min() >= 174
    assert load_digits(dtype=np.float32)[0].dtype == np.float32


@pytest.mark.parametrize("make", [make_moons, make_spirals, make_blobs])
def test_generated_sets_have_shapes_and_follow_their_seed(make):
    X, y = make(300, rng=1)
    assert X.shape == (300, 2) and y.shape == (300,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, make(300, rng=1)[0])
    assert not np.array_equal(X, make(300, rng=2)[0])
    with pytest.raises(ValueError, match="positive integer, got 0"):
        make(0)


def test_moons_rotation_keeps_the_shape_of_the_data():
    X0, y0 = make_moons(200, noise=0.0, rng=0)
    X1, y1 = make_moons(200, noise=0.0, rotate=np.pi / 2, rng=0)
    np.testing.assert_array_equal(y0, y1)
    centre = np.array([0.5, 0.25])
    np.testing.assert_allclose(np.linalg.norm(X0 - centre, axis=1), np.linalg.norm(X1 - centre, axis=1))
    assert set(np.unique(y0)) == {0, 1} and abs(y0.mean() - 0.5) < 0.01


def test_split_is_disjoint_complete_and_stratified():
    X, y = load_digits()
    ids = np.arange(len(y))
    s = train_val_test_split(np.c_[X, ids], y, val=0.15, test=0.2, rng=0)
    parts = [s.X_train[:, -1], s.X_val[:, -1], s.X_test[:, -1]]
    assert sorted(np.concatenate(parts).tolist()) == ids.tolist()
    assert len(s.X_test) == pytest.approx(0.2 * len(y), abs=10)
    for part in (s.y_train, s.y_val, s.y_test):
        np.testing.assert_allclose(np.bincount(part) / len(part), np.bincount(y) / len(y), atol=0.012)
    again = train_val_test_split(np.c_[X, ids], y, val=0.15, test=0.2, rng=0)
    np.testing.assert_array_equal(s.y_val, again.y_val)


def test_split_errors():
    X, y = np.zeros((10, 2)), np.zeros(9)
    with pytest.raises(ValueError, match="X has 10 samples but y has 9"):
        train_val_test_split(X, y)
    with pytest.raises(ValueError, match=r"val must be a fraction in \[0, 1\), got 1.5"):
        train_val_test_split(X, np.zeros(10), val=1.5)
    with pytest.raises(ValueError, match="leaves no training data"):
        train_val_test_split(X, np.zeros(10), val=0.5, test=0.5)


def test_load_by_name():
    s = load("digits", val=0.1, test=0.1, rng=0)
    assert len(s.X_train) + len(s.X_val) + len(s.X_test) == 1797
    s = load("spirals", n=300, rng=0)
    assert s.X_train.shape[1] == 2 and set(np.unique(s.y_train)) == {0, 1, 2}


def test_standardizer_uses_training_statistics_only():
    r = np.random.default_rng(0)
    train, test = r.normal(5, 3, (500, 4)), r.normal(-1, 1, (100, 4))
    train[:, 3] = 7.0                                          # a constant feature
    scaler = Standardizer().fit(train)
    Z = scaler.transform(train)
    np.testing.assert_allclose(Z[:, :3].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :3].std(axis=0), 1)
    assert np.all(Z[:, 3] == 0)                                # shifted, not divided by 0
    np.testing.assert_allclose(scaler.transform(test), (test - train.mean(0)) / scaler.std)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(test)), test)
    assert scaler.transform(test.astype(np.float32)).dtype == np.float32


def test_standardizer_errors():
    with pytest.raises(RuntimeError, match="before fit"):
        Standardizer().transform(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"fitted on 64 features, got X of shape \(5, 32\)"):
        Standardizer().fit(np.zeros((3, 64))).transform(np.zeros((5, 32)))


def test_minibatches_cover_every_sample_once_per_epoch():
    X, y = np.arange(10)[:, None], np.arange(10)
    batches = list(iterate_minibatches(X, y, 4, rng=0))
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate([b[1] for b in batches]).tolist()) == list(range(10))
    assert all(np.array_equal(xb[:, 0], yb) for xb, yb in batches)
    assert [len(b[1]) for b in iterate_minibatches(X, y, 4, drop_last=True, rng=0)] == [4, 4]
    assert np.array_equal(np.concatenate([b[1] for b in iterate_minibatches(X, y, 3, shuffle=False)]), y)
    same = [b[1].tolist() for b in iterate_minibatches(X, y, 4, rng=0)]
    assert same == [b[1].tolist() for b in batches]


def test_batch_loader_reshuffles_each_epoch_and_knows_its_length():
    X, y = np.zeros((10, 1)), np.arange(10)
    loader = BatchLoader(X, y, 4, rng=0)
    first, second = [np.concatenate([b for _, b in loader]) for _ in range(2)]
    assert len(loader) == 3 and len(BatchLoader(X, y, 4, drop_last=True)) == 2
    assert sorted(first) == sorted(second) and not np.array_equal(first, second)


def test_batch_errors():
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        list(iterate_minibatches(np.zeros((3, 1)), np.zeros(3), 0))
    with pytest.raises(ValueError, match="X has 3 samples but y has 2"):
        BatchLoader(np.zeros((3, 1)), np.zeros(2), 2)
