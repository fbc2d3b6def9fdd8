"""Work on blocks of a batch, on as many threads as numpy's BLAS may use.

numpy runs its matrix products on several threads (its BLAS library's), but its copies and
additions on one. A convolution on a batch spends a good part of its time in copies
(im2col, col2im, transposes), so with two cores it gained little from the second. Here the
batch is cut into blocks instead, and each thread works through its share of the blocks with
everything, copies included, while BLAS runs each product on the calling thread alone: the
threads never compete for cores. With one BLAS thread (the chapters' setting, or a
``threadpoolctl`` limit) the blocks simply run one after the other, on the caller's thread.
Small work runs there too, with BLAS on one thread: waking a thread costs more than it saves.

How many threads BLAS may use is asked of ``threadpoolctl`` (installed with scikit-learn),
which also sets BLAS to one thread while the blocks run and back afterwards; without it, or
when it finds no BLAS, the blocks run on the caller's thread.
"""
from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable

try:
    from threadpoolctl import ThreadpoolController
except ImportError:                      # threadpoolctl < 3.0, or none at all: one thread
    ThreadpoolController = None

_LOCK = threading.Lock()        # one parallel region at a time (it changes a global setting)
_STATE: dict = {}               # the BLAS controller and the helper threads, made once


def _forget_threads() -> None:
    """In a forked child: the parent's helper threads do not exist there, nor does a holder
    of the lock."""
    global _LOCK
    _LOCK = threading.Lock()
    _STATE.pop("helpers", None)


os.register_at_fork(after_in_child=_forget_threads)


def _blas():
    """numpy's BLAS library as a threadpoolctl controller, or None (looked up once per process)."""
    if "blas" not in _STATE:
        found = None
        if ThreadpoolController is not None:
            import numpy                                     # noqa: F401  (its BLAS is loaded)
            libraries = ThreadpoolController().select(user_api="blas").lib_controllers
            found = next((lib for lib in libraries if "numpy" in lib.filepath), None) or \
                next(iter(libraries), None)
        _STATE["blas"] = found
    return _STATE["blas"]


class _Helper:
    """A thread that runs the functions handed to it, one at a time, and sets an event after
    each. Starting one raises RuntimeError where the system allows no more threads."""

    def __init__(self):
        self._tasks = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="nnbook-blocks", daemon=True).start()

    def _serve(self) -> None:
        while True:
            function, done = self._tasks.get()
            function()                          # it keeps its own result and error
            done.set()

    def run(self, function: Callable[[], None]) -> threading.Event:
        done = threading.Event()
        self._tasks.put((function, done))
        return done


def _helpers(count: int) -> list[_Helper]:
    """Up to ``count`` helper threads, started once and kept; fewer if the system refuses more."""
    helpers = _STATE.setdefault("helpers", [])
    try:
        while len(helpers) < count:
            helpers.append(_Helper())
    except RuntimeError:                        # "can't start new thread": work with those there are
        pass
    return helpers[:count]


def blas_threads() -> int:
    """How many threads numpy's BLAS may use now (1 when that cannot be found out)."""
    blas = _blas()
    return max(1, int(blas.get_num_threads() or 1)) if blas is not None else 1


def _split(start: int, stop: int, parts: int) -> list[tuple[int, int]]:
    """range(start, stop) cut into ``parts`` contiguous pieces whose sizes differ by at most one."""
    size, extra = divmod(stop - start, parts)
    bounds = [start + k * size + min(k, extra) for k in range(parts + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


def ranges(n: int, block: int, workers: int) -> list[list[tuple[int, int]]]:
    """range(n) dealt to ``workers`` threads as contiguous shares of (nearly) equal size, each
    cut into (nearly) equal blocks of at most ``block`` items: one list of blocks per thread."""
    shares = _split(0, n, min(workers, n)) if n else []
    return [_split(a, b, -(-(b - a) // block)) for a, b in shares]


def over_blocks(work: Callable[[int, int], object], n: int, block: int, threads: int | None) -> list:
    """``[work(start, stop) for each block]`` over blocks of at most ``block`` of n items, in
    block order whatever the number of threads.

    ``threads``: how many threads run the blocks, the caller's among them (each thread a
    contiguous share of the blocks), with BLAS on one thread each meanwhile; 1 runs them on the
    caller's thread with BLAS on one thread (for work too small to gain from BLAS's threads);
    None on the caller's thread with BLAS as it is.

    ``work`` must write only to its own block of any shared output. An error in a block is
    raised here, after every thread has stopped."""
    blas = _blas()
    before = blas.get_num_threads() if blas is not None else 1
    if threads is None or before == 1 or n == 0:
        return [work(start, stop) for share in ranges(n, block, 1) for start, stop in share]

    shares = ranges(n, block, min(threads, n))
    outcomes: list = [None] * len(shares)

    def run_share(k: int) -> None:
        try:
            outcomes[k] = (True, [work(start, stop) for start, stop in shares[k]])
        except BaseException as error:          # raised below, once every thread has stopped
            outcomes[k] = (False, error)

    with _LOCK:
        blas.set_num_threads(1)
        try:
            helpers = _helpers(len(shares) - 1)
            done = [helper.run(lambda k=k: run_share(k)) for k, helper in enumerate(helpers, start=1)]
            for k in [0, *range(len(helpers) + 1, len(shares))]:   # the caller's share, and any
                run_share(k)                                       # no helper could take
            for event in done:
                event.wait()
        finally:
            blas.set_num_threads(before)
    for ok, value in outcomes:
        if not ok:
            raise value
    return [result for _, part in outcomes for result in part]
