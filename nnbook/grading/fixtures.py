"""Expected values recorded from the reference solutions: package data of each chapter's folder.

``nnbook/grading/chapters/<chapter>/fixtures.json`` holds only outputs for the graded inputs (the
checks rebuild the inputs from seeds); ``fixtures.sha256`` holds its checksum. Both are read with
:mod:`importlib.resources`, so they are found in any installation (editable, wheel, Colab), and the
checksum is verified before any student code runs.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
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


def _reference(chapter: Chapter, solutions, timeout: float, local: bool):
    from nnbook.grading.grade import module_path
    from nnbook.grading.worker import LocalWorker

    path = module_path(chapter.name, solutions)
    return LocalWorker(path) if local else Worker(path, timeout=timeout)


def record(chapter: Chapter, solutions: str | Path = "solutions", *, timeout: float = 30.0,
           seed: int | None = None, exercises=None, local: bool = False) -> dict[str, np.ndarray]:
    """Run every check of ``chapter`` on the reference solutions and collect the values they match.

    ``seed`` replaces the public base seed; ``local`` runs the (trusted) reference in this process
    instead of the sealed worker."""
    values: dict[str, np.ndarray] = {}
    with _reference(chapter, solutions, timeout, local) as worker:
        for ex in chapter.exercises:
            if exercises is not None and ex.id not in exercises:
                continue
            for i, check in enumerate(ex.checks):
                ctx = RecordingContext(worker, values, ex, check=i, **({} if seed is None else {"seed": seed}))
                try:
                    check.run(ctx)
                except CheckFailed as failure:
                    raise RuntimeError(f"the reference solution fails exercise {ex.id}, check "
                                       f"{check.name!r}: {failure}") from None
                if worker.timeouts:
                    raise RuntimeError(f"the reference solution of chapter {chapter.name!r} timed out")
    return values


# --- hidden inputs: drawn at grading time, validated on the reference --------------------------------

ATTEMPTS = 8          # seeds tried per check before the grader gives up on a hidden draw


def draw(seed: int, attempt: int) -> int:
    """The seed of a check's hidden inputs at ``attempt``: the drawn seed itself first, then seeds
    derived from it."""
    return seed if attempt == 0 else int(np.random.SeedSequence([seed, attempt]).generate_state(1)[0])


@dataclass
class HiddenDraw:
    """The hidden inputs of one check: their seed and the values the reference gives on them
    (``problem`` says why none could be used)."""
    seed: int
    values: dict[str, np.ndarray]
    attempts: int = 1
    problem: str = ""


def record_hidden(chapter: Chapter, solutions: str | Path, seed: int, *, timeout: float = 30.0,
                  local: bool = False, exercises=None) -> dict[tuple[str, str], HiddenDraw]:
    """For every check of ``chapter``: hidden inputs on which the reference solution passes it.

    A random draw can land where a check cannot judge (an input next to a kink, where centered
    differences straddle it; an ill-conditioned case whose numerical gradient is mostly rounding):
    the reference itself then fails the check. Such a draw is never used: the check is recorded
    again on the next seed derived from ``seed`` (:func:`draw`), up to :data:`ATTEMPTS` times, and
    the student's code is graded on the first draw the reference passes."""
    draws: dict[tuple[str, str], HiddenDraw] = {}
    with _reference(chapter, solutions, timeout, local) as worker:
        for ex in chapter.exercises:
            if exercises is not None and ex.id not in exercises:
                continue
            for i, check in enumerate(ex.checks):
                problem = ""
                for attempt in range(ATTEMPTS):
                    values: dict[str, np.ndarray] = {}
                    s = draw(seed, attempt)
                    try:
                        check.run(RecordingContext(worker, values, ex, seed=s, check=i))
                    except CheckFailed as failure:
                        problem = str(failure)
                    else:
                        draws[ex.id, check.name] = HiddenDraw(s, values, attempt + 1)
                        break
                    if worker.timeouts:
                        raise RuntimeError(f"the reference solution of chapter {chapter.name!r} timed out")
                else:
                    draws[ex.id, check.name] = HiddenDraw(seed, {}, ATTEMPTS, problem)
    return draws


def differing(fresh: dict[str, np.ndarray], stored: dict[str, np.ndarray]) -> list[str]:
    """Keys whose values differ between two recordings (missing on one side included).

    float32 arithmetic (``exp``, ``expm1``, matrix products) differs in the last bits between
    CPUs and BLAS builds, and float64 values computed from float32 inputs inherit that, so values
    count as equal within float32 rounding (rtol 1e-5): a changed solution differs by far more."""
    bad = sorted(set(fresh) ^ set(stored))
    for key in sorted(set(fresh) & set(stored)):
        a, b = fresh[key], stored[key]
        if a.shape != b.shape or a.dtype != b.dtype or not np.allclose(a, b, rtol=1e-5, atol=1e-7,
                                                                       equal_nan=True):
            bad.append(key)
    return bad


def stale(chapter: str, solutions: str | Path = "solutions") -> list[str]:
    """Keys whose recorded value differs from what the solutions give now (empty when in sync)."""
    fresh = record(chapters()[chapter], solutions)
    try:
        stored = load(chapter)
    except FixturesCorrupt as exc:
        return [str(exc)]
    return differing(fresh, stored)


def merged(fresh: dict[str, np.ndarray], stored: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``fresh``'s keys, with the stored value wherever it agrees with the fresh one."""
    changed = set(differing(fresh, stored))
    return {key: fresh[key] if key in changed else stored[key] for key in fresh}


def write(chapter: str, solutions: str | Path = "solutions") -> bool:
    """Re-record ``chapter``'s fixtures and their checksum; return True if anything changed.

    Values that agree with the stored ones (as :func:`differing` judges) keep their stored digits:
    on an unchanged tree, on any CPU, ``make fixtures`` changes nothing, and a changed solution
    changes only the values it changes."""
    path = fixture_file(chapter)
    fresh = record(chapters()[chapter], solutions)
    try:
        stored = load(chapter)
    except FixturesCorrupt:
        stored = {}
    values = merged(fresh, stored)
    if stored and values.keys() == stored.keys() and all(values[k] is stored[k] for k in values):
        return False
    text = dumps(values)
    path.write_text(text)
    path.with_name(CHECKSUM).write_text(f"{digest(text.encode())}  {FILE}\n")
    return True
