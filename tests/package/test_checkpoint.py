"""nnbook.checkpoint: a model saved on its own and loaded back; bad files leave the model untouched."""
import subprocess
import sys

import numpy as np
import pytest

from nnbook.checkpoint import load_model, read_model_file, save_model
from nnbook.layers import Dropout, Layer, Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.training import Trainer


def net(seed, hidden=16, p=0.3):
    return Sequential(Linear(8, hidden, rng=seed), ReLU(), Dropout(p, rng=seed + 100),
                      Linear(hidden, 3, rng=seed + 1))


def weights(model):
    return {k: p.value.copy() for k, p in model.parameters().items()}


X = np.random.default_rng(0).standard_normal((20, 8))


def test_round_trip_identical_predictions(tmp_path):
    a, b = net(0), net(1)
    path = tmp_path / "model.npz"
    save_model(a, path)
    assert load_model(b, path) is b
    a.eval(), b.eval()
    np.testing.assert_array_equal(a.forward(X), b.forward(X))


def test_load_in_a_fresh_process(tmp_path):
    a = net(0).eval()
    path = tmp_path / "model.npz"
    save_model(a, path)
    code = ("import sys, numpy as np\n"
            "sys.path.insert(0, %r)\n"
            "from test_checkpoint import net, X\n"
            "from nnbook.checkpoint import load_model\n"
            "m = load_model(net(5), %r).eval()\n"
            "np.save(%r, m.forward(X))\n") % (str(__import__('pathlib').Path(__file__).parent),
                                               str(path), str(tmp_path / "out.npy"))
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), a.forward(X))


@pytest.mark.skipif(not hasattr(Layer, "state_dict"), reason="needs Layer.state_dict")
def test_dropout_random_state_travels(tmp_path):
    a = net(0).train()
    a.forward(X)                                   # advance the dropout generator
    path = tmp_path / "model.npz"
    save_model(a, path)
    b = load_model(net(1), path).train()
    np.testing.assert_array_equal(a.forward(X), b.forward(X))


def assert_untouched(model, before):
    for k, v in weights(model).items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)


def test_other_architecture_and_wrong_shape_leave_model_untouched(tmp_path):
    path = tmp_path / "wide.npz"
    save_model(net(0, hidden=32), path)
    b = net(1)
    before = weights(b)
    with pytest.raises(ValueError, match="shape"):
        load_model(b, path)
    assert_untouched(b, before)
    other = tmp_path / "other.npz"
    save_model(Sequential(Linear(8, 3, rng=0)), other)
    with pytest.raises(ValueError, match="different architecture"):
        load_model(b, other)
    assert_untouched(b, before)


def test_truncated_and_foreign_files(tmp_path):
    good = tmp_path / "good.npz"
    save_model(net(0), good)
    data = good.read_bytes()
    b = net(1)
    before = weights(b)
    cases = {"truncated.npz": data[: len(data) // 2], "empty.npz": b"",
             "text.npz": b"hello, not a model\n" * 10}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ValueError, match="truncated or not a model file"):
            load_model(b, tmp_path / name)
        assert_untouched(b, before)
    np.save(tmp_path / "array.npy", np.zeros(3))
    with pytest.raises(ValueError):
        load_model(b, tmp_path / "array.npy")
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    with pytest.raises(ValueError, match="not a model saved by save_model"):
        load_model(b, tmp_path / "other.npz")
    model = net(0)
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1), rng=0)
    trainer.save(tmp_path / "trainer.npz")
    with pytest.raises(ValueError, match="Trainer checkpoint"):
        load_model(b, tmp_path / "trainer.npz")
    with pytest.raises(FileNotFoundError):
        load_model(b, tmp_path / "missing.npz")
    assert_untouched(b, before)


def test_nan_weights_in_file_refused(tmp_path):
    a = net(0)
    a.parameters()["0.W"].value[0, 0] = np.nan
    save_model(a, tmp_path / "nan.npz")
    b = net(1)
    before = weights(b)
    with pytest.raises(ValueError, match="NaN"):
        load_model(b, tmp_path / "nan.npz")
    assert_untouched(b, before)


def test_not_a_layer():
    with pytest.raises(TypeError, match="Layer"):
        save_model({"W": np.zeros(2)}, "x.npz")
    with pytest.raises(TypeError, match="Layer"):
        load_model("model", "x.npz")


def test_read_model_file_returns_arrays(tmp_path):
    save_model(net(0), tmp_path / "m.npz")
    state = read_model_file(tmp_path / "m.npz")
    assert "0.W" in state and state["0.W"].shape == (8, 16)


def test_corrupt_dropout_state_refused(tmp_path):
    import json
    import zipfile
    a = net(0)
    path = tmp_path / "m.npz"
    save_model(a, path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    other = json.loads(str(arrays["json"]))
    key = next(iter(other))
    other[key] = {"bit_generator": "MT19937"}
    arrays["json"] = np.asarray(json.dumps(other))
    np.savez(tmp_path / "bad.npz", **arrays)
    b = net(1)
    before = weights(b)
    with pytest.raises(ValueError, match="generator"):
        load_model(b, tmp_path / "bad.npz")
    assert_untouched(b, before)
    assert zipfile.is_zipfile(path)
