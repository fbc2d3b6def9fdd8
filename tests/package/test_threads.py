"""Blocks of a batch on BLAS's threads (nnbook._threads) and the convolution that uses them."""
from __future__ import annotations

import os
import threading

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from nnbook import _threads
from nnbook.conv import conv2d_backward, conv2d_forward


@pytest.mark.parametrize("n, block, workers", [(0, 3, 2), (1, 3, 2), (7, 3, 1), (7, 3, 2), (64, 6, 2),
                                               (5, 1, 3), (9, 20, 2)])
def test_ranges_cover_every_item_once_in_order(n, block, workers):
    shares = _threads.ranges(n, block, workers)
    blocks = [b for share in shares for b in share]
    assert [i for start, stop in blocks for i in range(start, stop)] == list(range(n))
    assert all(0 < stop - start <= block for start, stop in blocks)
    assert len(shares) <= workers
    sizes = [sum(stop - start for start, stop in share) for share in shares]
    assert not sizes or max(sizes) - min(sizes) <= max(block, -(-n // workers))


@pytest.mark.parametrize("threads", [1, 2])
def test_over_blocks_returns_results_in_block_order_and_restores_blas(threads):
    seen = []

    def work(start, stop):
        seen.append(threading.get_ident())
        return start, stop, (np.ones((40, 40)) @ np.ones((40, 40)))[0, 0]

    with threadpool_limits(threads, "blas"):
        results = _threads.over_blocks(work, 10, 3, threads)
        assert _threads.blas_threads() == threads
    expected = {1: [(0, 3), (3, 6), (6, 8), (8, 10)],        # blocks of nearly equal size
                2: [(0, 3), (3, 5), (5, 8), (8, 10)]}        # each thread's half, in blocks
    assert [r[:2] for r in results] == expected[threads]
    assert all(r[2] == 40 for r in results)
    assert len(set(seen)) == threads            # the caller's thread and (with 2) one helper


def test_an_error_in_a_block_is_raised_after_all_blocks_stopped_and_blas_is_restored():
    finished = []

    def work(start, stop):
        if start == 0:
            raise ZeroDivisionError("block 0")
        threading.Event().wait(0.05)
        finished.append(start)

    with threadpool_limits(2, "blas"):
        with pytest.raises(ZeroDivisionError, match="block 0"):
            _threads.over_blocks(work, 8, 2, 2)
        assert finished == [4, 6]                # the other thread's share ran to its end
        assert _threads.blas_threads() == 2


def test_a_forked_child_runs_blocks_on_threads_of_its_own():
    with threadpool_limits(2, "blas"):
        _threads.over_blocks(lambda a, b: None, 4, 1, 2)          # the parent's pool exists
        pid = os.fork()
        if pid == 0:                                           # the child: would hang on the
            try:                                               # parent's (absent) threads
                ok = _threads.over_blocks(lambda a, b: a, 4, 1, 2) == [0, 1, 2, 3]
            finally:
                os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.parametrize("shape", [(64, 3, 32, 16, 1), (13, 5, 7, 9, 2), (64, 32, 16, 64, 1)], ids=str)
def test_convolution_on_two_threads_matches_one_thread_and_torch(shape):
    N, C, H, F, S = shape
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, H))
    w = rng.standard_normal((F, C, 3, 3))
    b = rng.standard_normal(F)
    dout = rng.standard_normal((N, F, (H + 2 - 3) // S + 1, (H + 2 - 3) // S + 1))
    results = {}
    for threads in (1, 2):
        with threadpool_limits(threads, "blas"):
            out, cache = conv2d_forward(x, w, b, stride=S, padding=1)
            results[threads] = [out, *conv2d_backward(dout, cache)]
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    out_t = torch.nn.functional.conv2d(xt, wt, bt, stride=S, padding=1)
    out_t.backward(torch.from_numpy(dout))
    reference = [out_t.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()]
    for name, one, two, ref in zip(("out", "dx", "dW", "db"), results[1], results[2], reference):
        np.testing.assert_allclose(one, ref, rtol=1e-10, atol=1e-10, err_msg=f"{name}, 1 thread")
        np.testing.assert_allclose(two, ref, rtol=1e-10, atol=1e-10, err_msg=f"{name}, 2 threads")


@pytest.mark.parametrize("threads, during", [(None, 2), (1, 1), (2, 1)])
def test_blas_runs_on_one_thread_while_blocks_run_unless_told_to_leave_it(threads, during):
    seen = []
    with threadpool_limits(2, "blas"):
        _threads.over_blocks(lambda a, b: seen.append(_threads.blas_threads()), 6, 2, threads)
        assert _threads.blas_threads() == 2
    assert set(seen) == {during}


def test_backward_is_unchanged_when_the_caller_changes_x_after_forward():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((4, 3, 8, 8)), rng.standard_normal((5, 3, 3, 3))
    dout = rng.standard_normal((4, 5, 8, 8))
    _, cache = conv2d_forward(x, w, None, padding=1)
    expected = conv2d_backward(dout, cache)
    _, cache = conv2d_forward(x, w, None, padding=1)
    x *= 2                                          # an in-place change between forward and backward
    for ours, before in zip(conv2d_backward(dout, cache), expected):
        np.testing.assert_array_equal(ours, before)


def test_blocks_run_on_the_callers_thread_when_no_thread_can_be_started(monkeypatch):
    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setitem(_threads._STATE, "helpers", [])
    monkeypatch.setattr(threading.Thread, "start", refuse)
    seen = []
    with threadpool_limits(2, "blas"):
        results = _threads.over_blocks(lambda a, b: seen.append(threading.get_ident()) or a, 8, 2, 2)
        assert _threads.blas_threads() == 2
    assert results == [0, 2, 4, 6] and set(seen) == {threading.get_ident()}
