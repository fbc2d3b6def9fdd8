"""Fair timing against PyTorch, shared by the benchmarks (``bench_mlp.py``, ``bench_conv.py``).

Fairness rules, applied the same way everywhere:

- the same thread count for numpy's BLAS (``threadpoolctl``) and for torch (``torch.set_num_threads``);
- nnbook and torch alternate in rounds, so that both see the same machine load; a figure is the
  median over rounds of each round's median step time (the machine is shared: one round can be
  slowed down by another job, the median of rounds ignores it);
- torch is also timed in a fresh process that runs torch only (numpy does no BLAS work there),
  because two thread pools in one process can slow each other down: the "torch alone" column
  (``bench_conv.py`` also times nnbook in a process where torch never runs, with :func:`alone`);
- every process runs with the same fixed malloc thresholds (:func:`steady_malloc`), so that
  memory a step frees is reused by the next step, in both libraries.

A benchmark module defines ``torch_only(threads, rounds, steps) -> {name: seconds}`` for
:func:`torch_alone` to call in that fresh process.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

Step = Callable[[], object]


# glibc's malloc gives large freed blocks back to the system, with a threshold that it adjusts as
# the process runs; a library that allocates its work buffers on every call (torch's convolution
# does) then takes fresh pages from the system on every call, or not, depending on the order of
# the process's first allocations. Measured here: the same torch 3→32 forward+backward took
# 5.0 ms (0 page faults a call) or 9.5–10.8 ms (9,400 page faults a call) from one process to the
# next. Fixed thresholds keep freed memory in the process, as in a long training run.
STEADY_MALLOC = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456"


def steady_malloc() -> None:
    """Run this process under :data:`STEADY_MALLOC` (``GLIBC_TUNABLES``, read when a process
    starts): if it is not set yet, start this script again with it; the processes of
    :func:`alone` inherit it. Nothing to do where the C library is not glibc."""
    if platform.libc_ver()[0] != "glibc" or _malloc_steady():
        return
    tunables = ":".join(filter(None, [os.environ.get("GLIBC_TUNABLES"), STEADY_MALLOC]))
    os.execve(sys.executable, [sys.executable, *sys.argv], dict(os.environ, GLIBC_TUNABLES=tunables))


def _malloc_steady() -> bool:
    return STEADY_MALLOC in os.environ.get("GLIBC_TUNABLES", "")


def malloc() -> str:
    """The malloc settings this process runs with, for a table's header."""
    return "malloc thresholds fixed" if _malloc_steady() else "malloc's default thresholds"


def median_time(step: Step, steps: int, warmup: int = 3) -> float:
    """Median seconds of ``step()`` over ``steps`` calls, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rounds_median(step: Step, rounds: int, steps: int, warmup: int = 3) -> float:
    """Median over ``rounds`` of :func:`median_time` (for one library timed alone)."""
    return statistics.median(median_time(step, steps, warmup) for _ in range(rounds))


def alternate(pairs: dict[str, tuple[Step, Step]], threads: int, rounds: int, steps: int,
              warmup: int = 3) -> list[tuple[str, float, float]]:
    """[(name, nnbook seconds, torch seconds)] for each ``name: (nnbook_step, torch_step)``,
    both with ``threads`` threads, alternating in ``rounds`` rounds (median of round medians)."""
    import torch
    from threadpoolctl import threadpool_limits
    torch.set_num_threads(threads)
    rows = []
    with threadpool_limits(limits=threads, user_api="blas"):
        for name, (ours, theirs) in pairs.items():
            a, b = [], []
            for _ in range(rounds):
                a.append(median_time(ours, steps, warmup))
                b.append(median_time(theirs, steps, warmup))
            rows.append((name, statistics.median(a), statistics.median(b)))
    return rows


def alone(module: str, function: str, threads: int, rounds: int, steps: int,
          env: dict[str, str] | None = None) -> dict[str, float]:
    """``<module>.<function>(threads, rounds, steps)`` run in a fresh process, where one library
    runs alone, with ``env`` added to the environment: {name: seconds}."""
    code = (f"import json, sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); "
            f"import {module} as b; print(json.dumps(b.{function}({threads}, {rounds}, {steps})))")
    env = dict(os.environ, **(env or {}))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if result.returncode:
        raise RuntimeError(f"timing {module}.{function} alone ({threads} threads) failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def torch_alone(module: str, threads: int, rounds: int, steps: int) -> dict[str, float]:
    """``<module>.torch_only(threads, rounds, steps)`` run in a fresh process (torch's times alone)."""
    threads_env = {name: str(threads) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                   "OPENBLAS_NUM_THREADS")}   # torch may use any
    return alone(module, "torch_only", threads, rounds, steps, threads_env)


def blas() -> str:
    """numpy's BLAS library and its thread count, as threadpoolctl sees it."""
    from threadpoolctl import threadpool_info
    infos = [i for i in threadpool_info() if i["user_api"] == "blas"]
    mine = [i for i in infos if "numpy" in i["filepath"]] or infos
    described = [f"{i['internal_api']} {i.get('version') or ''} ({i.get('architecture') or '?'} "
                 f"kernels), {i['num_threads']} threads" for i in mine]
    return ", ".join(described) or "none found by threadpoolctl"


def print_table(rows: list[tuple[str, ...]]) -> None:
    """The first row is the header; the first column is left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        print("  ".join(cells))
        if k == 0:
            print("  ".join("-" * w for w in widths))
