"""Built-in datasets, splits, standardization and the load() dispatcher (all offline)."""
import numpy as np
import pytest

from nnbook.data import (NAMES, Split, Standardizer, load, load_digits, make_blobs, make_moons, make_spirals,
                         train_val_test_split)


def test_digits_are_the_real_8x8_images_scaled_to_0_1():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    assert X.min() == 0 and X.max() == 1 and np.bincount(y).min() >= 174
    assert load_digits(dtype=np.float32)[0].dtype == np.float32


@pytest.mark.parametrize("make", [make_moons, make_spirals, make_blobs])
@pytest.mark.parametrize("n", [300, 301, 1])
def test_generated_sets_have_n_samples_and_follow_their_seed(make, n):
    X, y = make(n, rng=1)
    assert X.shape == (n, 2) and X.dtype == np.float64 and y.shape == (n,) and y.dtype == np.int64
    np.testing.assert_array_equal(X, make(n, rng=1)[0])
    np.testing.assert_array_equal(y, make(n, rng=1)[1])
    if n > 1:
        assert not np.array_equal(X, make(n, rng=2)[0])
    assert make(n, rng=1, dtype=np.float32)[0].dtype == np.float32


@pytest.mark.parametrize("make", [make_moons, make_spirals, make_blobs])
def test_generated_sets_check_their_arguments(make):
    expected = fr"{make.__name__}: the number of samples n must be a positive integer \(1, 2, ...\), got 0"
    with pytest.raises(ValueError, match=expected):
        make(0)
    with pytest.raises(TypeError, match=r"positive integer \(1, 2, ...\), got 2.5"):
        make(2.5)


def test_generator_options_are_checked():
    with pytest.raises(ValueError, match=r"make_spirals: classes must be a positive integer \(1, 2, ...\), got 0"):
        make_spirals(10, classes=0)
    with pytest.raises(ValueError, match=r"make_moons: noise must be a finite number in \[0, inf\), got -0.1"):
        make_moons(10, noise=-0.1)
    with pytest.raises(ValueError, match="make_blobs: std must be"):
        make_blobs(10, std=float("nan"))


def test_moons_rotation_keeps_the_shape_of_the_data():
    X0, y0 = make_moons(200, noise=0.0, rng=0)
    X1, y1 = make_moons(200, noise=0.0, rotate=np.pi / 2, rng=0)
    np.testing.assert_array_equal(y0, y1)
    centre = np.array([0.5, 0.25])
    np.testing.assert_allclose(np.linalg.norm(X0 - centre, axis=1), np.linalg.norm(X1 - centre, axis=1))
    # A quarter turn (counter-clockwise) sends (dx, dy) to (-dy, dx) about the centre.
    np.testing.assert_allclose(X1 - centre, (X0 - centre)[:, ::-1] * [-1, 1], atol=1e-12)
    assert set(np.unique(y0)) == {0, 1} and y0.mean() == 0.5


def test_spirals_are_cs231n_spirals():
    X, y = make_spirals(300, classes=3, noise=0.0, rng=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    radius = np.linalg.norm(X, axis=1)
    for k in range(3):
        np.testing.assert_allclose(radius[y == k], np.linspace(0, 1, 100), atol=1e-12)
    theta = np.linspace(4, 8, 100)                       # arm 1, without noise
    np.testing.assert_allclose(X[y == 1], np.c_[np.linspace(0, 1, 100) * np.sin(theta),
                                                np.linspace(0, 1, 100) * np.cos(theta)])
    assert np.bincount(make_spirals(11, classes=3, rng=0)[1]).tolist() == [4, 4, 3]


def test_blobs_gather_around_their_centres():
    X, y = make_blobs(3000, centers=4, std=0.1, rng=0)
    assert np.bincount(y).tolist() == [750] * 4
    for k in range(4):
        assert X[y == k].std(axis=0).max() < 0.12


def test_split_is_disjoint_complete_and_stratified():
    X, y = load_digits()
    ids = np.arange(len(y))
    s = train_val_test_split(np.c_[X, ids], y, val=0.15, test=0.2, rng=0)
    assert isinstance(s, Split) and s._fields == ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")
    parts = [s.X_train[:, -1], s.X_val[:, -1], s.X_test[:, -1]]
    assert sorted(np.concatenate(parts).tolist()) == ids.tolist()          # disjoint and complete
    for Xp, yp in ((s.X_train, s.y_train), (s.X_val, s.y_val), (s.X_test, s.y_test)):
        np.testing.assert_array_equal(y[Xp[:, -1].astype(int)], yp)         # rows keep their labels
    assert len(s.X_test) == pytest.approx(0.2 * len(y), abs=5)
    assert len(s.X_val) == pytest.approx(0.15 * len(y), abs=5)
    for part in (s.y_train, s.y_val, s.y_test):
        np.testing.assert_allclose(np.bincount(part) / len(part), np.bincount(y) / len(y), atol=0.01)
    again = train_val_test_split(np.c_[X, ids], y, val=0.15, test=0.2, rng=0)
    np.testing.assert_array_equal(s.X_val, again.X_val)
    other = train_val_test_split(np.c_[X, ids], y, val=0.15, test=0.2, rng=1)
    assert not np.array_equal(s.X_val, other.X_val)
    assert repr(s).startswith("Split(train=(")


@pytest.mark.parametrize("seed", range(5))
def test_a_stratified_split_has_exact_sizes_and_the_class_proportions(seed):
    y = np.r_[np.zeros(900, int), np.ones(97, int), np.full(3, 2)]
    s = train_val_test_split(np.zeros((1000, 1)), y, val=0.1, test=0.25, rng=seed)
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (650, 100, 250)
    for part, fraction in ((s.y_train, 0.65), (s.y_val, 0.1), (s.y_test, 0.25)):
        counts = np.bincount(part, minlength=3)
        assert np.all(np.abs(counts - fraction * np.bincount(y)) < 2), (fraction, counts)


def test_split_errors_name_what_was_expected():
    X, y = np.zeros((10, 2)), np.zeros(9)
    with pytest.raises(ValueError, match="X has 10 samples but y has 9"):
        train_val_test_split(X, y)
    with pytest.raises(ValueError, match=r"val \(a fraction of the samples\) must be a finite number in \[0, 1\), got 1.5"):
        train_val_test_split(X, np.zeros(10), val=1.5)
    with pytest.raises(ValueError, match=r"test \(a fraction of the samples\) must be a finite number in \[0, 1\), got -0.1"):
        train_val_test_split(X, np.zeros(10), test=-0.1)
    with pytest.raises(ValueError, match="val \\+ test = 1 of 10 samples leaves no training data"):
        train_val_test_split(X, np.zeros(10), val=0.5, test=0.5)
    with pytest.raises(ValueError, match="val \\+ test = 0.6 of 2 samples leaves no training data"):
        train_val_test_split(X[:2], np.zeros(2), val=0.3, test=0.3)
    with pytest.raises(ValueError, match=r"train_val_test_split: y must be a 1-D array, got an array "
                                         r"of shape \(10, 1\)"):
        train_val_test_split(X, np.zeros((10, 1)))


def test_load_by_name():
    s = load("digits", val=0.1, test=0.1, rng=0)
    assert len(s.X_train) + len(s.X_val) + len(s.X_test) == 1797 and s.X_train.shape[1] == 64
    s = load("spirals", n=300, rng=0, dtype=np.float32)
    assert s.X_train.shape[1] == 2 and s.X_train.dtype == np.float32 and set(np.unique(s.y_train)) == {0, 1, 2}
    np.testing.assert_array_equal(load("moons", n=100, rng=5).X_test, load("moons", n=100, rng=5).X_test)
    assert len(load("blobs", n=200, val=0.0, test=0.5).X_test) == 100
    assert NAMES == ("digits", "moons", "spirals", "blobs", "mnist", "fashion-mnist", "cifar10")
    with pytest.raises(ValueError, match="unknown dataset 'imagenet'; the datasets are digits, moons, spirals, "
                                         "blobs, mnist, fashion-mnist, cifar10"):
        load("imagenet")


def test_standardizer_uses_training_statistics_only():
    r = np.random.default_rng(0)
    train, test = r.normal(5, 3, (500, 4)), r.normal(-1, 1, (100, 4))
    train[:, 3] = 7.0                                          # a constant feature
    scaler = Standardizer().fit(train)
    np.testing.assert_array_equal(scaler.mean, train.mean(axis=0))
    np.testing.assert_array_equal(scaler.std[:3], train.std(axis=0)[:3])
    assert scaler.std[3] == 1.0                                # σ = 0 is taken as 1
    Z = scaler.transform(train)
    np.testing.assert_allclose(Z[:, :3].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :3].std(axis=0), 1)
    assert np.all(Z[:, 3] == 0)                                # shifted, not divided by 0
    np.testing.assert_allclose(scaler.transform(test), (test - train.mean(0)) / scaler.std)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(test)), test)
    np.testing.assert_array_equal(Standardizer().fit_transform(train), Z)
    assert scaler.transform(test.astype(np.float32)).dtype == np.float32
    assert scaler.transform(np.ones((2, 4), dtype=np.uint8)).dtype == np.float64
    assert repr(scaler) == "Standardizer(4 features)" and repr(Standardizer()) == "Standardizer(unfitted)"


def test_standardizer_errors():
    with pytest.raises(RuntimeError, match="transform called before fit"):
        Standardizer().transform(np.zeros((2, 3)))
    with pytest.raises(RuntimeError, match="inverse_transform called before fit"):
        Standardizer().inverse_transform(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"Standardizer was fitted on 64 features, got X of shape \(5, 32\)"):
        Standardizer().fit(np.zeros((3, 64))).transform(np.zeros((5, 32)))
    with pytest.raises(ValueError, match=r"Standardizer.fit: X must be a 2-D array of shape \(N, D\), got an array of shape \(3, 8, 8\)"):
        Standardizer().fit(np.zeros((3, 8, 8)))
