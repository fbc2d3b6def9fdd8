"""Hidden inputs never break the reference: for thousands of the autograder's random seeds, every
check of every chapter finds a draw the reference solution passes (fixtures.record_hidden), and the
reference graded on those draws gets full marks. The reference runs in this process
(worker.LocalWorker: trusted code, no sandbox), the seeds split over every core."""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

from nnbook.grading import fixtures
from nnbook.grading.discover import chapters
from nnbook.grading.framework import CheckFailed, Context
from nnbook.grading.worker import LocalWorker

ROOT = Path(__file__).resolve().parents[2]
SEEDS = int(os.environ.get("NNBOOK_SWEEP_SEEDS", "2000"))
GRADED = 50                      # of them, graded in full against the recorded values


def seeds(chapter: str) -> list[int]:
    """SEEDS seeds as the autograder draws them (below 2**31), a different set per chapter."""
    rng = np.random.default_rng([len(chapter), sum(map(ord, chapter))])
    return [int(s) for s in rng.integers(0, 2 ** 31, SEEDS)]


def sweep(chapter: str, batch: list[int], graded: int) -> tuple[list[str], int]:
    """(problems, draws rejected) for the seeds of ``batch``; the first ``graded`` also graded."""
    ch = chapters()[chapter]
    solutions = ROOT / "solutions"
    problems, rejected = [], 0
    worker = LocalWorker(solutions / f"{chapter}.py")
    for n, seed in enumerate(batch):
        draws = fixtures.record_hidden(ch, solutions, seed, local=True)
        rejected += sum(d.attempts - 1 for d in draws.values())
        problems += [f"seed {seed}, {ex} {name!r}: {d.problem}" for (ex, name), d in draws.items() if d.problem]
        if n >= graded:
            continue
        for ex in ch.exercises:
            for i, check in enumerate(ex.checks):
                d = draws[ex.id, check.name]
                try:
                    check.run(Context(worker, d.values, ex, seed=d.seed, check=i))
                except CheckFailed as failure:
                    problems.append(f"seed {seed}: the reference fails {ex.id} {check.name!r}: {failure}")
    return problems, rejected


@pytest.mark.parametrize("chapter", sorted(chapters()))
def test_the_reference_passes_every_check_on_thousands_of_hidden_seeds(chapter):
    start = time.monotonic()
    all_seeds = seeds(chapter)
    cores = max(1, min(len(os.sched_getaffinity(0)), 4))
    batches = [all_seeds[i::cores] for i in range(cores)]
    with ProcessPoolExecutor(cores, mp_context=get_context("fork")) as pool:
        outcomes = list(pool.map(sweep, [chapter] * cores, batches, [GRADED // cores + 1] * cores))
    problems = [p for found, _ in outcomes for p in found]
    rejected = sum(r for _, r in outcomes)
    checks = sum(len(ex.checks) for ex in chapters()[chapter].exercises)
    print(f"{chapter}: {len(all_seeds)} hidden seeds × {checks} checks in {time.monotonic() - start:.0f} s "
          f"on {cores} cores; {rejected} draws rejected and redrawn; {len(problems)} failures")
    assert not problems, "\n".join(problems[:10])
