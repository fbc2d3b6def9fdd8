"""A real HTTP server on 127.0.0.1 for the download tests, and the shared MNIST files.

The real MNIST test files (and the training labels) live outside the repository, in
``../shared/data/mnist/`` next to it, or in ``$NNBOOK_SHARED_DATA/mnist/``; the tests that need
them are skipped when they are missing. They are served from where they are, never copied in.
"""
import http.server
import io
import os
import pickle
import tarfile
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NNBOOK_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_mnist() -> Path:
    folder = SHARED / "mnist"
    if not (folder / "t10k-images-idx3-ubyte.gz").exists():
        pytest.skip(f"the real MNIST test files are not in {folder} "
                    "(set NNBOOK_SHARED_DATA to the folder holding mnist/)")
    return folder


class Server:
    """Serves ``directory``; counts requests per path; can cut chosen files off halfway."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.requests: Counter[str] = Counter()
        self.truncate: set[str] = set()
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(server.directory), **kwargs)

            def do_GET(self):
                name = self.path.lstrip("/")
                server.requests[name] += 1
                if name in server.truncate:
                    data = (server.directory / name).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    """``serve(directory) -> Server`` with ``.url``, ``.requests`` and ``.truncate``; shut down after the test."""
    servers = []

    def start(directory):
        servers.append(Server(directory))
        return servers[-1]

    try:
        yield start
    finally:
        for s in servers:
            s.close()


# --- CIFAR-10 in the real format, written by the tests ------------------------------------------

def write_batch(n, seed):
    r = np.random.default_rng(seed)
    data = r.integers(0, 256, (n, 3072), dtype=np.uint8)
    return {b"batch_label": b"test", b"labels": r.integers(0, 10, n).tolist(), b"data": data,
            b"filenames": [b"x.png"] * n}, data


def make_cifar_archive(path, n=4, extra_member=None):
    """A cifar-10-python.tar.gz with five training batches and a test batch of n images each;
    returns the six (n, 3072) data arrays."""
    with tarfile.open(path, "w:gz") as tar:
        def add(name, payload):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        datas = []
        for i, name in enumerate([f"data_batch_{k}" for k in range(1, 6)] + ["test_batch"]):
            batch, data = write_batch(n, i)
            datas.append(data)
            add(f"cifar-10-batches-py/{name}", pickle.dumps(batch))
        add("cifar-10-batches-py/batches.meta", pickle.dumps({b"label_names": [b"airplane"] * 10}))
        if extra_member:
            add(extra_member, b"x")
    return datas




@pytest.fixture
def cifar_archive():
    """``cifar_archive(path, n=4, extra_member=None)``: write a CIFAR-10 archive in the real format."""
    return make_cifar_archive
