"""The real download path, against a server on 127.0.0.1 serving the real MNIST test files."""
import os
import pickle
import socket
import tarfile
from pathlib import Path

import numpy as np
import pytest

from nnbook.data import DownloadError, data_home, fetch, load, load_cifar10, load_mnist
from nnbook.data import cifar, download
from nnbook.data.cifar import read_cifar_batch
from nnbook.data.idx import read_idx, write_idx

TEST_FILES = ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_mnist_downloads_verifies_parses_and_reuses_the_cache(shared_mnist, serve, tmp_path):
    server = serve(shared_mnist)
    X, y = load_mnist(root=tmp_path, split="test", base_url=server.url, progress=False)
    assert X.shape == (10000, 28, 28) and X.dtype == np.uint8
    assert y.dtype == np.int64 and np.bincount(y).tolist() == MNIST_TEST_COUNTS
    assert 0 < X.mean() < 255 and X.max() == 255
    for f in TEST_FILES:
        assert download.md5(tmp_path / "mnist" / f) == download.REGISTRY["mnist"].files[f]
        assert server.requests[f] == 1
    load_mnist(root=tmp_path, split="test", base_url=server.url, progress=False)
    assert all(server.requests[f] == 1 for f in TEST_FILES), "the cache was not reused"
    assert not [p for p in (tmp_path / "mnist").iterdir() if p.name.startswith(".")]


def test_corrupt_file_on_the_server_is_rejected_and_not_kept(shared_mnist, serve, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    data = bytearray((shared_mnist / TEST_FILES[1]).read_bytes())
    data[100] ^= 0xFF
    (served / TEST_FILES[1]).write_bytes(bytes(data))
    server = serve(served)
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=r"failed its checksum: MD5 [0-9a-f]{32}, "
                                            "expected ec29112dd5afa0611ce80d1b7f02629c; the file was not kept"):
        fetch("mnist", root=cache, files=[TEST_FILES[1]], base_url=server.url, progress=False)
    assert list((cache / "mnist").iterdir()) == []


def test_truncated_download_leaves_nothing_and_a_retry_succeeds(shared_mnist, serve, tmp_path):
    server = serve(shared_mnist)
    server.truncate.add(TEST_FILES[0])
    with pytest.raises(DownloadError, match="stopped after 824438 of 1648877 bytes and was not kept"):
        fetch("mnist", root=tmp_path, files=[TEST_FILES[0]], base_url=server.url, progress=False)
    assert list((tmp_path / "mnist").iterdir()) == []
    server.truncate.clear()
    folder = fetch("mnist", root=tmp_path, files=[TEST_FILES[0]], base_url=server.url, progress=False)
    assert read_idx(folder / TEST_FILES[0]).shape == (10000, 28, 28)


def test_a_corrupt_cached_file_is_downloaded_again(shared_mnist, serve, tmp_path):
    server = serve(shared_mnist)
    (tmp_path / "mnist").mkdir()
    (tmp_path / "mnist" / TEST_FILES[1]).write_bytes(b"not mnist")
    with pytest.warns(UserWarning, match=r"is corrupt \(MD5 [0-9a-f]{32}, expected ec29112d.*\): "
                                         "downloading it again"):
        fetch("mnist", root=tmp_path, files=TEST_FILES[1], base_url=server.url, progress=False)
    assert server.requests[TEST_FILES[1]] == 1
    assert read_idx(tmp_path / "mnist" / TEST_FILES[1]).shape == (10000,)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_offline_error_says_what_to_download_and_where(tmp_path):
    with pytest.raises(DownloadError) as info:
        fetch("mnist", root=tmp_path, files=[TEST_FILES[0]], base_url=closed_port_url(), progress=False)
    message = str(info.value)
    assert "Offline? Then download http://127.0.0.1:" in message and f"/{TEST_FILES[0]} yourself" in message
    assert f"place it in {tmp_path / 'mnist'}{os.sep}" in message
    assert list((tmp_path / "mnist").iterdir()) == []


def test_a_missing_file_on_the_server_is_an_http_error_not_offline(serve, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DownloadError, match=f"{TEST_FILES[1]}: the server answered 404"):
        fetch("mnist", root=tmp_path / "cache", files=[TEST_FILES[1]], base_url=serve(empty).url, progress=False)
    assert list((tmp_path / "cache" / "mnist").iterdir()) == []


def test_a_silent_server_times_out(tmp_path):
    with socket.socket() as silent:                       # listens, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        with pytest.raises(DownloadError, match="timed out.*Offline\\? Then download"):
            fetch("mnist", root=tmp_path, files=[TEST_FILES[1]], base_url=url, progress=False, timeout=0.3)


def test_cache_directory_comes_from_NNBOOK_DATA(monkeypatch, tmp_path, shared_mnist, serve):
    monkeypatch.delenv("NNBOOK_DATA", raising=False)
    assert data_home() == Path.home() / ".cache" / "nnbook"
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "env-cache"))
    assert data_home() == tmp_path / "env-cache"
    assert data_home(tmp_path / "root") == tmp_path / "root"                   # root= comes first
    monkeypatch.setenv("NNBOOK_DATA_URL", serve(shared_mnist).url)
    assert fetch("mnist", files=[TEST_FILES[1]], progress=False) == tmp_path / "env-cache" / "mnist"


def test_train_labels_have_the_known_counts_and_a_progress_bar(shared_mnist, serve, tmp_path, capsys):
    if not (shared_mnist / "train-labels-idx1-ubyte.gz").exists():
        pytest.skip(f"no train-labels-idx1-ubyte.gz in {shared_mnist}")
    server = serve(shared_mnist)
    folder = fetch("mnist", root=tmp_path, files=["train-labels-idx1-ubyte.gz"], base_url=server.url)
    assert "train-labels-idx1-ubyte.gz" in capsys.readouterr().err             # tqdm writes to stderr
    y = read_idx(folder / "train-labels-idx1-ubyte.gz")
    assert y.shape == (60000,) and np.bincount(y).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="unknown dataset 'svhn'; the downloadable ones are mnist"):
        fetch("svhn")
    with pytest.raises(ValueError, match="has no file 'x.gz'"):
        fetch("mnist", files=["x.gz"])
    with pytest.raises(ValueError, match="unknown dataset 'imagenet'; the datasets are digits"):
        load("imagenet")


# --- CIFAR-10, in the real format, written by the test ----------------------------------------

def test_cifar10_download_extract_and_channel_order(serve, tmp_path, monkeypatch, cifar_archive):
    served = tmp_path / "served"
    served.mkdir()
    datas = cifar_archive(served / "cifar-10-python.tar.gz")
    monkeypatch.setitem(download.REGISTRY, "cifar10", download.Dataset(
        "unused", {"cifar-10-python.tar.gz": download.md5(served / "cifar-10-python.tar.gz")}))
    server = serve(served)
    X_train, y_train, X_test, y_test = load_cifar10(root=tmp_path / "cache", base_url=server.url, progress=False)
    assert X_train.shape == (20, 3, 32, 32) and X_test.shape == (4, 3, 32, 32) and X_train.dtype == np.uint8
    # Row 0 of the first batch: red plane first, then green, then blue, each 32x32 row-major.
    row = datas[0][0]
    assert X_train[0, 0, 0, 0] == row[0] and X_train[0, 0, 0, 1] == row[1]
    assert X_train[0, 0, 1, 0] == row[32] and X_train[0, 1, 0, 0] == row[1024]
    assert X_train[0, 2, 31, 31] == row[3071]
    assert y_train.dtype == np.int64 and len(y_train) == 20
    monkeypatch.setenv("NNBOOK_DATA_URL", server.url)
    split = load("cifar10", root=tmp_path / "cache", val=0.25, progress=False)     # from the cache
    assert len(split.X_train) + len(split.X_val) == 20 and split.X_val.shape[1] == 3072
    assert 2 <= len(split.X_val) <= 8                       # a quarter, stratified per class
    assert split.X_test.shape == (4, 3072) and 0 <= split.X_test.min() and split.X_test.max() <= 1
    images = load("cifar10", root=tmp_path / "cache", val=0.25, progress=False, flatten=False)
    assert images.X_train.shape == (len(split.X_train), 3, 32, 32) and images.X_test.shape == (4, 3, 32, 32)
    np.testing.assert_array_equal(images.X_train.reshape(len(images.X_train), -1), split.X_train)
    assert server.requests["cifar-10-python.tar.gz"] == 1


@pytest.mark.parametrize("member", ["../../evil.txt", "/tmp/evil.txt", "cifar-10-batches-py/../../evil.txt"])
def test_cifar10_archive_with_path_traversal_is_refused(serve, tmp_path, monkeypatch, cifar_archive, member):
    served = tmp_path / "served"
    served.mkdir()
    cifar_archive(served / "cifar-10-python.tar.gz", extra_member=member)
    monkeypatch.setitem(download.REGISTRY, "cifar10", download.Dataset(
        "unused", {"cifar-10-python.tar.gz": download.md5(served / "cifar-10-python.tar.gz")}))
    with pytest.raises(ValueError, match=f"refusing the unsafe member '{member}'"):
        load_cifar10(root=tmp_path / "cache", base_url=serve(served).url, progress=False)
    assert not (tmp_path / "evil.txt").exists()
    assert [p.name for p in (tmp_path / "cache" / "cifar10").iterdir()] == ["cifar-10-python.tar.gz"]


def test_links_in_an_archive_are_refused(tmp_path):
    with tarfile.open(tmp_path / "a.tar.gz", "w:gz") as tar:
        link = tarfile.TarInfo("cifar-10-batches-py/data_batch_1")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    with pytest.raises(ValueError, match="refusing the unsafe member 'cifar-10-batches-py/data_batch_1'"):
        cifar.extract(tmp_path / "a.tar.gz", tmp_path / "out")
    assert not (tmp_path / "out" / "cifar-10-batches-py").exists()


def test_an_archive_without_the_batch_folder_is_named(tmp_path):
    with tarfile.open(tmp_path / "a.tar.gz", "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("other/"))
    with pytest.raises(ValueError, match="holds no folder cifar-10-batches-py/"):
        cifar.extract(tmp_path / "a.tar.gz", tmp_path / "out")


def test_a_file_that_is_not_a_cifar_batch(tmp_path):
    (tmp_path / "b").write_bytes(pickle.dumps({b"nothing": 1}))
    with pytest.raises(ValueError, match="not a CIFAR-10 batch"):
        read_cifar_batch(tmp_path / "b")


def test_the_dataset_switch_loads_mnist_shaped_data_as_a_split(serve, tmp_path, monkeypatch):
    """What a chapter's `DATASET = "mnist"` runs, on small files in the real format."""
    served = tmp_path / "served"
    served.mkdir()
    r = np.random.default_rng(0)
    sizes = {"train": 50, "t10k": 20}
    for part, n in sizes.items():
        write_idx(served / f"{part}-images-idx3-ubyte.gz", r.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        write_idx(served / f"{part}-labels-idx1-ubyte.gz", (np.arange(n) % 10).astype(np.uint8))
    monkeypatch.setitem(download.REGISTRY, "mnist", download.Dataset(
        "unused", {f.name: download.md5(f) for f in served.iterdir()}))
    monkeypatch.setenv("NNBOOK_DATA_URL", serve(served).url)
    split = load("mnist", root=tmp_path / "cache", val=0.2, rng=0, progress=False)
    assert split.X_train.shape == (40, 784) and split.X_val.shape == (10, 784)
    assert split.X_test.shape == (20, 784) and split.y_test.tolist() == (np.arange(20) % 10).tolist()
    assert split.X_train.dtype == np.float64 and 0 <= split.X_train.min() and split.X_train.max() <= 1
    images = load("mnist", root=tmp_path / "cache", val=0.2, rng=0, progress=False, flatten=False,
                  dtype=np.float32)
    assert images.X_train.shape == (40, 1, 28, 28) and images.X_test.shape == (20, 1, 28, 28)
    assert images.X_train.dtype == np.float32
    np.testing.assert_allclose(images.X_val.reshape(10, -1), split.X_val, rtol=1e-6)


def test_the_command_line_fetch_explains_an_offline_failure(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "NNBOOK_DATA_URL": closed_port_url()}
    run = subprocess.run([sys.executable, "-m", "nnbook", "fetch", "mnist", "--root", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Offline?" in run.stderr and str(tmp_path / "mnist") in run.stderr
