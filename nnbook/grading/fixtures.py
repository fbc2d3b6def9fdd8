"""Expected values recorded from the reference solutions, one JSON file per chapter.

The files hold only outputs for the graded inputs (the inputs are rebuilt from seeds by the
checks), so they can ship in the student edition without revealing the solutions' code.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from nnbook.grading.chapters import CHAPTERS, FIXTURES, module_path
from nnbook.grading.checks import Chapter, CheckFailed, RecordingContext
from nnbook.grading.worker import Worker


def fixture_file(chapter: str) -> Path:
    return FIXTURES / f"{chapter}.json"


def load(chapter: str) -> dict[str, np.ndarray]:
    path = fixture_file(chapter)
    if not path.exists():
        return {}
    raw = json.loads(path.read_text())
    return {key: np.array(v["data"], dtype=v["dtype"]).reshape(v["shape"]) for key, v in raw.items()}


def dumps(values: dict[str, np.ndarray]) -> str:
    def encode(a: np.ndarray):
        data = a.ravel().tolist()
        if np.issubdtype(a.dtype, np.floating):
            data = [float(v) if np.isfinite(v) else str(v) for v in data]
        return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data}
    return json.dumps({k: encode(values[k]) for k in sorted(values)}, indent=1) + "\n"


def record(chapter: Chapter, *, timeout: float = 30.0) -> dict[str, np.ndarray]:
    """Run every check of ``chapter`` on the solutions and collect the values they match."""
    values: dict[str, np.ndarray] = {}
    with Worker(module_path(chapter.name, "solutions"), timeout=timeout) as worker:
        for ex in chapter.exercises:
            ctx = RecordingContext(worker, values, ex)
            for check in ex.checks:
                try:
                    check.run(ctx)
                except CheckFailed as failure:
                    raise RuntimeError(f"the reference solution fails exercise {ex.id}, check "
                                       f"{check.name!r}: {failure}") from None
    return values


def stale(chapter: str) -> list[str]:
    """Keys whose recorded value differs from what the solutions give now (empty when in sync)."""
    fresh, stored = record(CHAPTERS[chapter]), load(chapter)
    bad = sorted(set(fresh) ^ set(stored))
    for key in sorted(set(fresh) & set(stored)):
        a, b = fresh[key], stored[key]
        if a.shape != b.shape or a.dtype != b.dtype or not np.allclose(a, b, rtol=1e-10, atol=1e-12,
                                                                       equal_nan=True):
            bad.append(key)
    return bad


def write(chapter: str) -> bool:
    """Re-record ``chapter``'s fixtures; return True if the file changed."""
    path = fixture_file(chapter)
    text = dumps(record(CHAPTERS[chapter]))
    if path.exists() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return True
