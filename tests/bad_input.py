"""What the bad-input tests judge a call's outcome by (tests/package/test_bad_input*.py): whether
an error was raised by nnbook's own code, and whether a result holds a non-finite number."""
from __future__ import annotations

import math
import pathlib
import traceback

import numpy as np

import nnbook

NNBOOK = pathlib.Path(nnbook.__file__).resolve().parent


def raised_by_nnbook(error: BaseException) -> bool:
    """The innermost frame of the traceback is nnbook's code, not numpy's, torch's or Python's."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and NNBOOK in pathlib.Path(frames[-1].filename).resolve().parents


def assert_raised_by_nnbook(error: BaseException) -> None:
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    assert raised_by_nnbook(error), f"{type(error).__name__} raised inside {where}, not by nnbook: {error}"


def has_nonfinite(result, depth: int = 0) -> bool:
    """A NaN or infinity anywhere in a result (arrays, numbers, and up to three levels of tuples,
    lists and dicts of them)."""
    if depth > 3:
        return False
    if isinstance(result, (tuple, list)):
        return any(has_nonfinite(r, depth + 1) for r in result)
    if isinstance(result, dict):
        return any(has_nonfinite(r, depth + 1) for r in result.values())
    if isinstance(result, (float, np.floating)):
        return not math.isfinite(result)
    if isinstance(result, np.ndarray) and result.dtype.kind in "fc":
        return not bool(np.isfinite(result).all())
    return False
