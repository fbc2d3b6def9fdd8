"""Bounded resources: a call's whole process tree is held to the process and memory limits, a
reply above the size limit is refused before it is read, and the supervisor's and the grader's own
memory stay bounded (measured and printed)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nnbook.grading import sandbox
from nnbook.grading.worker import Worker

HOG = Path(__file__).parent / "misbehaving" / "resources" / "hog.py"


def peak(pid: int) -> int:
    """The peak resident memory of process ``pid`` in bytes (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_the_process_limit_holds_for_the_whole_tree():
    with Worker(HOG, timeout=10) as worker:
        outcome = worker.run("call", "fork_all", (200,), {})
    print(f"a call asking for 200 processes started {outcome.value}")
    assert outcome.status == "ok" and outcome.value <= sandbox.PROCESSES


def test_the_memory_limit_holds_for_the_whole_tree():
    """Four children of 300 MB each, under a limit of 600 MB: stopped, though each is below it."""
    start = time.monotonic()
    with Worker(HOG, timeout=20, memory=600 * 2 ** 20) as worker:
        outcome = worker.run("call", "spread_memory", (4, 300), {})
    print(f"4 × 300 MB under a 600 MB limit: {outcome.status} after {time.monotonic() - start:.1f} s")
    assert outcome.status == "crash" and "used more than" in outcome.message and "memory" in outcome.message


GRADE_AND_MEASURE = """
import json, os, sys
from nnbook.grading.worker import Worker
from tests.grading.test_resources import HOG, peak
with Worker(HOG, timeout=30) as worker:
    outcome = worker.run("call", sys.argv[2], (int(sys.argv[1]),), {})
    supervisor = peak(worker._process.pid)
print(json.dumps({"status": outcome.status, "message": outcome.message[:200],
                  "shape": getattr(outcome.value, "shape", None), "supervisor": supervisor,
                  "grader": peak(os.getpid())}))
"""


@pytest.mark.parametrize("megabytes, fn", [(24, "huge"), (240, "huge"), (240, "huge_past_the_check")])
def test_huge_replies_keep_grader_and_supervisor_memory_bounded(megabytes, fn):
    """A reply under the limit is read into one buffer; one above it (240 MB) is refused by the
    call itself, or, when the call patched that check away, by the supervisor before a byte of it
    is read. Peaks measured in a grader process of their own, as VmHWM: ru_maxrss would carry over
    the peak of the pytest process it was forked from (Linux keeps it across fork and exec)."""
    from tests.grading.assemble import ROOT
    run = subprocess.run([sys.executable, "-c", GRADE_AND_MEASURE, str(megabytes), fn], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout.strip().splitlines()[-1])
    mb = 2 ** 20
    print(f"a {megabytes} MB reply ({fn}): {got['status']}, {got['message'][:60]}; peak memory: grader {got['grader'] / mb:.0f} MB, "
          f"supervisor {got['supervisor'] / mb:.0f} MB")
    if megabytes * mb > sandbox.MAX_REPLY:
        assert got["status"] in ("refused", "error") and "MB" in got["message"], got
    else:
        assert got["status"] == "ok" and got["shape"] == [megabytes * mb // 8], got
    # bounded by the reply limit, not by what the student's code sends
    assert got["supervisor"] < 300 * mb + 2 * sandbox.MAX_REPLY, got
    assert got["grader"] < 300 * mb + 4 * sandbox.MAX_REPLY, got


def test_lazily_imported_modules_are_found_wherever_the_interpreter_lives():
    """No module is preloaded by luck: the call imports stdlib and numpy submodules the supervisor
    never imported (under root, whose home the unprivileged user cannot read, these live there)."""
    with Worker(HOG, timeout=10) as worker:
        outcome = worker.run("call", "numpy_submodules", (), {})
    assert outcome.status == "ok" and outcome.value == pytest.approx(9.5), outcome
