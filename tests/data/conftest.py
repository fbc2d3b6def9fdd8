"""A real HTTP server on 127.0.0.1 for the download tests, and the shared MNIST files.

The real MNIST test files (and the training labels) live outside the repository, in
``../shared/data/mnist/`` next to it, or in ``$NNBOOK_SHARED_DATA/mnist/``; the tests that need
them are skipped when they are missing. They are served from where they are, never copied in.
"""
import http.server
import os
import threading
from collections import Counter
from pathlib import Path

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
