"""Trainer: learns, follows a schedule, stops early, checkpoints and resumes, is deterministic."""
import math
import time

import numpy as np
import pytest

from nnbook.layers import Dropout, Linear, ReLU, Sequential
from nnbook.losses import MSE, BinaryCrossEntropy, SoftmaxCrossEntropy
from nnbook.optim import SGD, Adam
from nnbook.regularizers import L2
from nnbook.schedules import step_decay
from nnbook.training import History, Trainer


def blobs(n=300, seed=0, classes=3, spread=0.7):
    """`classes` Gaussian blobs in 2-D with centres on a circle: X (n, 2), y (n,)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = 2 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return centres[y] + spread * rng.standard_normal((n, 2)), y


def mlp(seed=1, D=2, H=16, C=3, dropout=None):
    layers = [Linear(D, H, rng=seed), ReLU()]
    if dropout is not None:
        layers.append(Dropout(dropout, rng=seed))
    return Sequential(*layers, Linear(H, C, rng=seed + 1))


def trainer(model=None, opt=None, *, rng=0, **kwargs):
    model = model or mlp()
    opt = opt or SGD(model.parameters(), lr=0.1, momentum=0.9)
    return Trainer(model, kwargs.pop("loss", SoftmaxCrossEntropy()), opt, rng=rng, **kwargs)


def weights(model):
    return {k: p.value.copy() for k, p in model.parameters().items()}


def without_time(history):
    d = history.to_dict()
    d.pop("time")
    return d


def test_learns_blobs_quickly():
    X, y = blobs()
    Xv, yv = blobs(seed=1)
    t = trainer()
    start = time.perf_counter()
    h = t.fit(X, y, val=(Xv, yv), epochs=5, batch_size=32, progress=False)
    assert time.perf_counter() - start < 2
    assert h.val_acc[-1] >= 0.95 and h.train_acc[-1] >= 0.95, h
    assert t.evaluate(Xv, yv)[1] == h.val_acc[-1]
    assert h.epoch == [1, 2, 3, 4, 5]
    for name in ("train_loss", "train_acc", "val_loss", "val_acc", "lr", "time"):
        assert len(getattr(h, name)) == 5, name
    assert len(h) == 5 and h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert not h.stopped_early and t.history is h
    assert h.lr == [0.1] * 5
    assert h.train_loss[-1] < h.train_loss[0] and h.train_acc[0] < h.train_acc[-1]


def test_history_without_validation():
    X, y = blobs()
    h = trainer().fit(X, y, epochs=3, batch_size=50, progress=False)
    assert all(math.isnan(v) for v in h.val_loss + h.val_acc) and len(h.val_loss) == 3
    assert h.best_epoch == int(np.argmin(h.train_loss)) + 1
    assert "3 epochs" in repr(h) and "train_acc" in repr(h)
    assert set(h.to_dict()) == {"epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr",
                                "time", "best_epoch", "stopped_early"}
    assert repr(History()) == "History(0 epochs)"


def test_lr_follows_the_schedule_and_epochs_continue():
    X, y = blobs(n=100)
    schedule = step_decay(0.2, step_size=2, gamma=0.5)
    t = trainer(schedule=schedule)
    h1 = t.fit(X, y, epochs=3, batch_size=20, progress=False)
    h2 = t.fit(X, y, epochs=2, batch_size=20, progress=False)
    assert h1.lr == [schedule(i) for i in range(3)] == [0.2, 0.2, 0.1]
    assert h2.epoch == [4, 5] and h2.lr == [schedule(3), schedule(4)] == [0.1, 0.05]
    assert t.optimizer.lr == 0.05


def overfitting_problem():
    """30 training samples of two blobs in 12-D (10 noise dimensions), 20% of their labels
    flipped: the validation loss falls for a few epochs, then rises as the net memorises."""
    rng = np.random.default_rng(1)
    X, y = blobs(n=330, seed=1, classes=2, spread=1.0)
    X = np.hstack([X, rng.standard_normal((len(X), 10))])
    flip = rng.random(30) < 0.2
    y[:30][flip] = 1 - y[:30][flip]
    return mlp(D=12, H=64, C=2), X[:30], y[:30], X[30:], y[30:]


def test_early_stopping_stops_and_restores_the_best_weights(tmp_path):
    model, X, y, Xv, yv = overfitting_problem()
    t = trainer(model, SGD(model.parameters(), lr=0.02))
    h = t.fit(X, y, val=(Xv, yv), epochs=300, batch_size=10, early_stopping=5,
              checkpoint=tmp_path / "best.npz", progress=False)
    assert h.stopped_early and len(h) == h.best_epoch + 5 < 300, h
    best = h.val_loss[h.best_epoch - 1]
    assert h.best_epoch > 1 and h.val_loss[0] > best            # it did improve at first
    assert all(v >= best for v in h.val_loss[h.best_epoch:]) and h.val_loss[-1] > best
    assert h.train_loss[-1] < h.train_loss[h.best_epoch - 1]     # still fitting the training set
    assert t.evaluate(Xv, yv)[0] == pytest.approx(best, abs=1e-12)
    # the checkpoint holds the same best weights
    m2 = overfitting_problem()[0]
    t2 = trainer(m2, SGD(m2.parameters(), lr=0.5), rng=9)
    t2.load(tmp_path / "best.npz")
    np.testing.assert_array_equal(t2.predict(Xv), t.predict(Xv))
    assert t2.epoch == h.best_epoch and t2.optimizer.lr == 0.02


def test_early_stopping_needs_validation_data():
    X, y = blobs(n=50)
    with pytest.raises(ValueError, match=r"early_stopping watches the validation loss; pass val="):
        trainer().fit(X, y, epochs=2, batch_size=10, early_stopping=2, progress=False)


def test_same_seed_same_history_and_weights():
    X, y = blobs(n=200)
    Xv, yv = blobs(n=50, seed=3)
    runs = []
    for seed in (7, 7, 8):
        t = trainer(mlp(dropout=0.2), rng=seed)
        h = t.fit(X, y, val=(Xv, yv), epochs=3, batch_size=16, progress=False)
        runs.append((without_time(h), weights(t.model)))
    assert runs[0][0] == runs[1][0]
    for k in runs[0][1]:
        np.testing.assert_array_equal(runs[0][1][k], runs[1][1][k])
    assert runs[0][0] != runs[2][0], "a different seed should shuffle differently"
    t = trainer(rng=np.random.default_rng(7))     # a Generator works too
    assert isinstance(t.seed, int)


def test_checkpoint_round_trip_and_identical_resume(tmp_path):
    X, y = blobs(n=200)
    Xv, yv = blobs(n=50, seed=3)
    schedule = step_decay(0.05, step_size=1, gamma=0.8)

    def new(seed):
        m = mlp(seed=seed)
        return trainer(m, Adam(m.parameters(), lr=0.05), schedule=schedule, rng=seed)

    straight = new(1)
    h_full = straight.fit(X, y, val=(Xv, yv), epochs=4, batch_size=32, progress=False)

    first = new(1)
    first.fit(X, y, val=(Xv, yv), epochs=2, batch_size=32, progress=False)
    first.save(tmp_path / "ckpt")                  # no ".npz" added
    assert (tmp_path / "ckpt").exists()

    resumed = new(99)                              # other initial weights and seed: all overwritten
    resumed.load(tmp_path / "ckpt")
    np.testing.assert_array_equal(resumed.predict(Xv), first.predict(Xv))
    assert resumed.epoch == 2 and resumed.seed == first.seed
    h_rest = resumed.fit(X, y, val=(Xv, yv), epochs=2, batch_size=32, progress=False)
    assert h_rest.epoch == [3, 4]
    full = without_time(h_full)
    rest = without_time(h_rest)
    for name in ("train_loss", "train_acc", "val_loss", "val_acc", "lr"):
        assert rest[name] == full[name][2:], name
    for k, v in weights(straight.model).items():
        np.testing.assert_array_equal(resumed.model.parameters()[k].value, v, err_msg=k)


def test_load_into_a_different_model_fails_clearly(tmp_path):
    t = trainer()
    t.save(tmp_path / "m.npz")
    wider = mlp(H=32)
    before = weights(wider)
    with pytest.raises(ValueError, match=r"does not fit this model: .*'0.W' has shape \(2, 16\) in "
                                         r"the state but \(2, 32\) in the model"):
        trainer(wider).load(tmp_path / "m.npz")
    deeper = Sequential(Linear(2, 16, rng=0), ReLU(), Linear(16, 16, rng=0), ReLU(), Linear(16, 3))
    with pytest.raises(ValueError, match=r"missing \['4.W', '4.b'\]"):
        trainer(deeper).load(tmp_path / "m.npz")
    m = mlp()
    with pytest.raises(ValueError, match="saved with a SGD optimizer, this trainer uses Adam"):
        trainer(m, Adam(m.parameters())).load(tmp_path / "m.npz")
    np.testing.assert_equal(weights(wider), before)   # nothing changed by the failed loads


def test_train_batch_equals_a_manual_step():
    X, y = blobs(n=32)
    t = trainer(rng=0)
    manual = mlp()
    opt = SGD(manual.parameters(), lr=0.1, momentum=0.9)
    loss_fn = SoftmaxCrossEntropy()
    for _ in range(3):
        got = t.train_batch(X, y)
        manual.zero_grad()                  # backward adds into grad, as in torch
        expected = loss_fn(manual(X), y)
        manual.backward(loss_fn.backward())
        opt.step()
        assert got == expected
    for k, v in weights(manual).items():
        np.testing.assert_array_equal(t.model.parameters()[k].value, v, err_msg=k)


def test_l2_regularizer_equals_sgd_weight_decay_on_the_weights():
    X, y = blobs(n=64)
    lam = 0.05
    t = trainer(regularizer=L2(lam))
    model = mlp()
    ps = model.parameters()
    # L2 leaves biases alone: weight decay on the W's only
    opt_W = SGD({k: p for k, p in ps.items() if k.endswith("W")}, lr=0.1, momentum=0.9,
                weight_decay=lam)
    opt_b = SGD({k: p for k, p in ps.items() if k.endswith("b")}, lr=0.1, momentum=0.9)
    loss_fn = SoftmaxCrossEntropy()
    for _ in range(5):
        total = t.train_batch(X, y)
        model.zero_grad()
        data_loss = loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        opt_W.step()
        opt_b.step()
        assert total > data_loss
    for k, v in weights(model).items():
        np.testing.assert_allclose(t.model.parameters()[k].value, v, rtol=0, atol=1e-14, err_msg=k)


def test_evaluate_and_predict_use_eval_mode_and_restore_it():
    X, y = blobs(n=40)
    t = trainer(mlp(dropout=0.5))
    t.model.train()
    s1, s2 = t.predict(X, batch_size=7), t.predict(X)
    np.testing.assert_allclose(s1, s2, rtol=0, atol=1e-14)   # no dropout, batches don't matter
    assert s1.shape == (40, 3) and t.model.training and t.model[2].training
    t.model.eval()
    t.evaluate(X, y)
    assert not t.model.training
    np.testing.assert_array_equal(t.predict_classes(X), s1.argmax(axis=1))


def test_binary_and_regression_losses():
    X, y = blobs(n=200, classes=2)
    m = mlp(C=1)
    t = trainer(m, SGD(m.parameters(), lr=0.1, momentum=0.9), loss=BinaryCrossEntropy())
    h = t.fit(X, y[:, None].astype(float), epochs=4, batch_size=20, progress=False)
    assert h.train_acc[-1] >= 0.95
    pred = t.predict_classes(X)
    assert pred.shape == (200,) and np.mean(pred == y) >= 0.95
    m = mlp(C=1)
    t = trainer(m, SGD(m.parameters(), lr=0.01), loss=MSE())
    h = t.fit(X, X[:, :1] * 2, epochs=2, batch_size=20, progress=False)
    assert math.isnan(h.train_acc[0]) and math.isnan(t.evaluate(X, X[:, :1])[1])


def test_progress_bar(capsys):
    X, y = blobs(n=40)
    trainer().fit(X, y, epochs=2, batch_size=20, progress=False)
    assert capsys.readouterr() == ("", "")
    trainer().fit(X, y, epochs=2, batch_size=20, progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "loss=" in err and "acc=" in err


@pytest.mark.parametrize("call,error,match", [
    (lambda t, X, y: t.fit(X, y, epochs=0, batch_size=10), ValueError,
     r"Trainer.fit: epochs must be a positive integer \(1, 2, ...\), got 0"),
    (lambda t, X, y: t.fit(X, y, epochs=1, batch_size=2.5), TypeError,
     r"Trainer.fit: batch_size must be a positive integer .* got 2.5; pass a whole number"),
    (lambda t, X, y: t.fit(X, y[:-1], epochs=1, batch_size=10), ValueError, r"same number of samples"),
    (lambda t, X, y: t.fit(X, y, val=X, epochs=1, batch_size=10), TypeError, r"val must be a pair"),
    (lambda t, X, y: t.train_epoch(X, y, batch_size=100, drop_last=True), ValueError, r"leaves no batch"),
])
def test_bad_arguments(call, error, match):
    X, y = blobs(n=30)
    with pytest.raises(error, match=match):
        call(trainer(), X, y)


def test_optimizer_must_hold_the_models_parameters():
    with pytest.raises(ValueError, match=r"build it with optimizer = SGD\(model.parameters\(\)"):
        Trainer(mlp(), SoftmaxCrossEntropy(), SGD(mlp().parameters(), lr=0.1))
    with pytest.raises(TypeError, match="loss must be a Loss"):
        m = mlp()
        Trainer(m, "ce", SGD(m.parameters(), lr=0.1))


def test_progress_in_a_notebook_is_one_updating_text_output(monkeypatch):
    """In a Jupyter kernel the bar is a display updated in place (no widget), so a notebook
    executed headless saves the final line as text/plain."""
    import IPython.display

    from nnbook import training

    class Handle:
        updates = []

        def update(self, data, raw):
            self.updates.append(data["text/plain"])

    shown = []
    monkeypatch.setattr(training, "_in_notebook_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, raw, display_id: shown.append(data) or Handle())
    X, y = blobs(n=40)
    trainer().fit(X, y, val=(X, y), epochs=3, batch_size=20, progress=True)
    assert shown == [{"text/plain": ""}]
    final = Handle.updates[-1]
    assert final.startswith("epochs: 100%|██████████| 3/3") and "val_acc=" in final
    assert "\r" not in final and "\n" not in final
