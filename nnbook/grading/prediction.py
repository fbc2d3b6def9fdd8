"""Judging a *predict* exercise: a number the student works out before measuring it.

The student's function returns the number; the check compares it with the reference within a
tolerance that a right reasoning meets and a typical wrong one misses. The message says how far
off the prediction is, in coarse bands (under 10 %, 10 to 50 %, more than 50 %, a factor of 2, 10 or 100 or more),
and in which direction, never the expected value itself.
"""
from __future__ import annotations

import numpy as np

from nnbook.grading.framework import CheckFailed, Context, kind


def _integer(label: str, value) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise CheckFailed(f"{label}: expected a whole number (a Python int), got {kind(value)}")
    return int(value)


def _real(label: str, value) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        hint = " (use float(...) for a 1-element array)" if type(value) is np.ndarray else ""
        raise CheckFailed(f"{label}: expected a number (a Python float), got {kind(value)}{hint}")
    try:
        v = float(value)
    except OverflowError:
        raise CheckFailed(f"{label}: {value} is beyond the range of a float") from None
    if not np.isfinite(v):
        raise CheckFailed(f"{label}: is {v}")
    return v


def _how_far(value: float, expected: float) -> str:
    if expected == 0 or np.sign(value) != np.sign(expected):
        return "has the wrong sign" if value and expected else "is off"
    ratio = value / expected
    side = "too high" if ratio > 1 else "too low"
    factor = max(ratio, 1 / ratio)
    for big in (100, 10, 2):
        if factor >= big:
            return f"is {side} by a factor of {big} or more"
    if factor >= 1.5:
        return f"is {side} by more than 50 %"
    if factor >= 1.1:
        return f"is {side} by 10 to 50 %"
    return f"is {side}, by less than 10 %"


def prediction(ctx: Context, key: str, label: str, value, *, rtol: float = 0.0, atol: float = 0.0,
               integer: bool = False, hint: str = "") -> None:
    """``value`` (the student's prediction) must equal the reference recorded under ``key`` within
    ``atol + rtol·|expected|`` (exactly for an ``integer`` prediction); ``hint`` closes the message
    ("see hint 2 of exercise 3.7")."""
    got = _integer(label, value) if integer else _real(label, value)
    if ctx.recording:
        ctx.match(key, label, got)
        return
    expected = ctx.expected(key)
    expected = int(expected) if integer else float(expected)
    if abs(got - expected) <= atol + rtol * abs(expected):
        return
    if integer:
        within = "exactly"
    else:
        within = " or ".join(w for w in (f"{rtol:.0%}" if rtol else "", f"{atol:g}" if atol else "") if w)
        within = f"within {within}"
    shown = str(got) if integer else f"{got:.6g}"
    raise CheckFailed(f"{label}: your prediction {shown} {_how_far(got, expected)} (it must be right "
                      f"{within}){'; ' + hint if hint else ''}")


__all__ = ["prediction"]
