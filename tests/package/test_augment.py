"""nnbook.augment: shifts, flips and noise against direct per-image computations, torch's flips,
reproducibility from the Generator, the Trainer's transform hook, and bad input."""
import numpy as np
import pytest
import torch

from nnbook.augment import (Compose, GaussianNoise, RandomFlip, RandomShift, gaussian_noise,
                            random_flip, random_shift)
from nnbook.layers import Linear, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.training import Trainer


def images(N=6, C=2, H=5, W=7, seed=0):
    return np.random.default_rng(seed).standard_normal((N, C, H, W))


def shift_one(img, dy, dx, fill=0.0):
    """Reference: out[c, i, j] = img[c, i - dy, j - dx], fill outside, with Python loops."""
    C, H, W = img.shape
    out = np.full_like(img, fill)
    for i in range(H):
        for j in range(W):
            if 0 <= i - dy < H and 0 <= j - dx < W:
                out[:, i, j] = img[:, i - dy, j - dx]
    return out


def test_shift_matches_per_image_reference():
    X = images()
    s = 2
    out = random_shift(X, s, rng=np.random.default_rng(3), fill=-1.0)
    dy, dx = np.random.default_rng(3).integers(-s, s + 1, size=(2, len(X)))
    for n in range(len(X)):
        np.testing.assert_array_equal(out[n], shift_one(X[n], dy[n], dx[n], fill=-1.0),
                                      err_msg=f"image {n}, shift ({dy[n]}, {dx[n]})")
    assert out.shape == X.shape and out.dtype == X.dtype


def test_shift_zero_is_identity_and_input_untouched():
    X = images()
    before = X.copy()
    np.testing.assert_array_equal(random_shift(X, 0, rng=0), X)
    random_shift(X, 2, rng=0)
    np.testing.assert_array_equal(X, before)


def test_shift_moves_a_pixel_right_for_positive_dx():
    X = np.zeros((1, 1, 3, 3))
    X[0, 0, 1, 1] = 1
    found = set()
    for seed in range(40):
        out = random_shift(X, 1, rng=seed)
        i, j = np.argwhere(out[0, 0] == 1)[0]
        found.add((i - 1, j - 1))
    assert found == {(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1)}


def test_flat_images_round_trip():
    X = images(C=1, H=8, W=8).reshape(6, 64).astype(np.float32)
    out = random_shift(X, 1, rng=1, image_shape=(1, 8, 8))
    ref = random_shift(X.reshape(6, 1, 8, 8), 1, rng=1).reshape(6, 64)
    assert out.shape == (6, 64) and out.dtype == np.float32
    np.testing.assert_array_equal(out, ref)


@pytest.mark.parametrize("axis,dim", [("horizontal", 3), ("vertical", 2)])
def test_flip_matches_torch_flip(axis, dim):
    X = images(N=50)
    out = random_flip(X, rng=5, p=0.5, axis=axis)
    flipped = np.random.default_rng(5).random(50) < 0.5
    assert 0 < flipped.sum() < 50
    ref = torch.flip(torch.from_numpy(X), dims=(dim,)).numpy()
    np.testing.assert_array_equal(out[flipped], ref[flipped])
    np.testing.assert_array_equal(out[~flipped], X[~flipped])


def test_flip_p_extremes():
    X = images()
    np.testing.assert_array_equal(random_flip(X, rng=0, p=0), X)
    np.testing.assert_array_equal(random_flip(X, rng=0, p=1), X[..., ::-1])


def test_noise_statistics_and_clip():
    X = np.zeros((200, 1, 10, 10))
    out = gaussian_noise(X, 0.5, rng=0)
    assert abs(out.std() - 0.5) < 0.01 and abs(out.mean()) < 0.01
    clipped = gaussian_noise(X, 0.5, rng=0, clip=(0.0, 1.0))
    assert clipped.min() == 0 and clipped.max() <= 1


def test_same_seed_same_result_and_compose():
    X = images()
    aug = Compose(RandomShift(1), RandomFlip(0.5), GaussianNoise(0.1))
    a, b = aug(X, np.random.default_rng(7)), aug(X, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, aug(X, np.random.default_rng(8)))
    assert "RandomShift" in repr(aug)


def test_trainer_transform_is_reproducible_and_changes_training():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 16)), rng.integers(0, 3, 40)

    def run(transform):
        model = Sequential(Linear(16, 3, rng=0))
        trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), rng=0,
                          transform=transform)
        trainer.fit(X, y, epochs=2, batch_size=8, progress=False)
        return model.parameters()["0.W"].value.copy()

    aug = RandomShift(1, image_shape=(1, 4, 4))
    np.testing.assert_array_equal(run(aug), run(aug))
    assert not np.allclose(run(aug), run(None))
    seen = []
    run(lambda Xb, g: seen.append(len(Xb)) or Xb)
    assert sum(seen) == 80 and max(seen) == 8


def test_trainer_rejects_bad_transform():
    model = Sequential(Linear(4, 2, rng=0))
    with pytest.raises(TypeError, match="transform"):
        Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), transform=3)
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1),
                      transform=lambda Xb, g: Xb[:1])
    with pytest.raises(ValueError, match="number of samples"):
        trainer.train_epoch(np.zeros((4, 4)), np.zeros(4, int), batch_size=2)


@pytest.mark.parametrize("call,exc,match", [
    (lambda: random_shift(np.zeros((4, 64)), 1, rng=0), ValueError, "image_shape"),
    (lambda: random_shift(np.zeros((4, 8, 8)), 1, rng=0), ValueError, r"\(N, C, H, W\)"),
    (lambda: random_shift(np.zeros((4, 63)), 1, rng=0, image_shape=(1, 8, 8)), ValueError, "64"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), 4, rng=0), ValueError, "max_shift"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), -1, rng=0), ValueError, "max_shift"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), 1.5, rng=0), TypeError, "max_shift"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), 1, rng=None), TypeError, "Generator"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), 1, rng=-1), ValueError, "rng must be a seed"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4)), 1, rng=0, fill=np.nan), ValueError, "fill"),
    (lambda: random_shift(np.array([["a"]]), 1, rng=0), TypeError, "numeric"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4), np.uint8), 1, rng=0, fill=0.5), ValueError, "fill"),
    (lambda: random_shift(np.zeros((2, 1, 4, 4), np.uint8), 1, rng=0, fill=300), ValueError, "fill"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4), np.uint8), 0.1, rng=0), TypeError, "floating"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4)), 0.1, rng=0, clip=5), TypeError, "clip must be a pair"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4)), 0.1, rng=0, clip=(0, "1")), TypeError, r"clip\[1\]"),
    (lambda: GaussianNoise(0.1, clip=5), TypeError, "clip must be a pair"),
    (lambda: random_flip(np.zeros((2, 1, 4, 4)), rng="abc"), TypeError, "rng must be a seed"),
    (lambda: random_shift(np.zeros((2, 16)), 1, rng=0, image_shape=(4, 4)), ValueError, "image_shape"),
    (lambda: random_flip(np.zeros((2, 1, 4, 4)), rng=0, p=1.5), ValueError, "p .a probability. must"),
    (lambda: random_flip(np.zeros((2, 1, 4, 4)), rng=0, axis="diagonal"), ValueError, "axis"),
    (lambda: random_flip(np.zeros((2, 4)), rng=0), ValueError, r"\(N, C, H, W\)"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4)), -0.1, rng=0), ValueError, "std"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4)), np.inf, rng=0), ValueError, "std"),
    (lambda: gaussian_noise(np.zeros((2, 1, 4, 4)), 0.1, rng=0, clip=(1, 0)), ValueError, "clip"),
    (lambda: RandomShift(-2), ValueError, "max_shift"),
    (lambda: RandomFlip(2.0), ValueError, "p .a probability. must"),
    (lambda: GaussianNoise("0.1"), TypeError, "std"),
    (lambda: Compose(RandomShift(1), "flip"), TypeError, "transform"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_resumed_run_sees_the_same_augmented_batches(tmp_path):
    rng = np.random.default_rng(1)
    X, y = rng.random((30, 16)), rng.integers(0, 3, 30)
    aug = Compose(RandomShift(1, image_shape=(1, 4, 4)), GaussianNoise(0.1, image_shape=(1, 4, 4)))

    def trainer(seed=0):
        model = Sequential(Linear(16, 3, rng=seed))
        return Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1, momentum=0.9),
                       rng=0, transform=aug)

    straight = trainer()
    straight.fit(X, y, epochs=3, batch_size=8, progress=False)
    first = trainer()
    first.fit(X, y, epochs=1, batch_size=8, progress=False)
    first.save(tmp_path / "ckpt.npz")
    resumed = trainer(seed=5)
    resumed.load(tmp_path / "ckpt.npz")
    resumed.fit(X, y, epochs=2, batch_size=8, progress=False)
    np.testing.assert_array_equal(resumed.model.parameters()["0.W"].value,
                                  straight.model.parameters()["0.W"].value)
