"""Expected values recorded from the reference solutions: package data of each chapter's folder.

``nnbook/grading/chapters/<chapter>/fixtures.json`` holds only outputs for the graded inputs (the
checks rebuild the inputs from seeds); ``fixtures.sha256`` holds its checksum. Both are read with
:mod:`importlib.resources`, so they are found in any installation (editable, wheel, Colab), and the
checksum is verified before any student code runs.
"""
from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import numpy as np

from nnbook.grading.discover import PACKAGE, chapters
from nnbook.grading.framework import Chapter, CheckFailed, RecordingContext
from nnbook.grading.worker import Worker

FILE, CHECKSUM = "fixtures.json", "fixtures.sha256"


class FixturesCorrupt(RuntimeError):
    """The fixtures do not match their checksum (edited, truncated, or out of date)."""


def _folder(chapter: str):
    return resources.files(f"{PACKAGE}.{chapter}")


def fixture_file(chapter: str) -> Path:
    """The fixtures file in the source tree (for writing them: instructors, `make fixtures`)."""
    return Path(str(_folder(chapter) / FILE))


def digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def decode(raw: bytes) -> dict[str, np.ndarray]:
    data = json.loads(raw)
    return {key: np.array(v["data"], dtype=v["dtype"]).reshape(v["shape"]) for key, v in data.items()}


def load(chapter: str) -> dict[str, np.ndarray]:
    """The chapter's recorded values, verified against their checksum ({} when none are recorded)."""
    folder = _folder(chapter)
    if not (folder / FILE).is_file():
        return {}
    raw = (folder / FILE).read_bytes()
    expected = (folder / CHECKSUM).read_text().split()[0] if (folder / CHECKSUM).is_file() else None
    if expected != digest(raw):
        raise FixturesCorrupt(f"the grading fixtures of chapter {chapter!r} do not match their checksum "
                              f"({FILE} was changed or {CHECKSUM} is missing); reinstall nnbook, or "
                              "instructors: run `make fixtures`")
    return decode(raw)


def dumps(values: dict[str, np.ndarray]) -> str:
    def encode(a: np.ndarray):
        data = a.ravel().tolist()
        if np.issubdtype(a.dtype, np.floating):
            data = [float(v) if np.isfinite(v) else str(v) for v in data]
        return {"dtype": str(a.dtype), "shape": list(a.shape), "data": data}
    return json.dumps({k: encode(values[k]) for k in sorted(values)}, indent=1) + "\n"


def record(chapter: Chapter, solutions: str | Path = "solutions", *, timeout: float = 30.0,
           seed: int | None = None, exercises=None) -> dict[str, np.ndarray]:
    """Run every check of ``chapter`` on the reference solutions and collect the values they match.

    ``seed`` replaces the public base seed (the autograder's hidden inputs)."""
    from nnbook.grading.grade import module_path

    values: dict[str, np.ndarray] = {}
    with Worker(module_path(chapter.name, solutions), timeout=timeout) as worker:
        for ex in chapter.exercises:
            if exercises is not None and ex.id not in exercises:
                continue
            ctx = RecordingContext(worker, values, ex, **({} if seed is None else {"seed": seed}))
            if worker.timeouts:
                raise RuntimeError(f"the reference solution of chapter {chapter.name!r} timed out")
            for check in ex.checks:
                try:
                    check.run(ctx)
                except CheckFailed as failure:
                    raise RuntimeError(f"the reference solution fails exercise {ex.id}, check "
                                       f"{check.name!r}: {failure}") from None
    return values


def stale(chapter: str, solutions: str | Path = "solutions") -> list[str]:
    """Keys whose recorded value differs from what the solutions give now (empty when in sync).

    float32 arithmetic (``exp``, ``expm1``, matrix products) differs in the last bits between
    CPUs and BLAS builds, and float64 values computed from float32 inputs inherit that, so values
    count as equal within float32 rounding (rtol 1e-5): a changed solution differs by far more."""
    fresh = record(chapters()[chapter], solutions)
    try:
        stored = load(chapter)
    except FixturesCorrupt as exc:
        return [str(exc)]
    bad = sorted(set(fresh) ^ set(stored))
    for key in sorted(set(fresh) & set(stored)):
        a, b = fresh[key], stored[key]
        if a.shape != b.shape or a.dtype != b.dtype or not np.allclose(a, b, rtol=1e-5, atol=1e-7,
                                                                       equal_nan=True):
            bad.append(key)
    return bad


def write(chapter: str, solutions: str | Path = "solutions") -> bool:
    """Re-record ``chapter``'s fixtures and their checksum; return True if anything changed."""
    path = fixture_file(chapter)
    text = dumps(record(chapters()[chapter], solutions))
    check = f"{digest(text.encode())}  {FILE}\n"
    sums = path.with_name(CHECKSUM)
    if path.exists() and path.read_text() == text and sums.exists() and sums.read_text() == check:
        return False
    path.write_text(text)
    sums.write_text(check)
    return True
