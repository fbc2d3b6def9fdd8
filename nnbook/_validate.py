"""Argument checks shared by every public function and constructor of nnbook.

Each check takes the value, the argument's ``name`` and ``where`` (the function or class
that received it) and returns the value converted (``int``, ``float``, a numpy array, a
``Generator``), or raises a ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind,
wrong value) whose message names the argument, what came, what was expected and the likely
fix::

    >>> positive_int(True, "in_features", "Linear")
    TypeError: Linear: in_features must be a positive integer (1, 2, ...), got True (a bool);
    pass a number such as in_features=64

Conventions: a bool is never a number here (``Linear(True, 2)`` is a mistake, not
``Linear(1, 2)``); NaN and infinity are refused unless the caller allows them; ranges say
whether each bound is included, ``[0, 1)``.
"""
from __future__ import annotations

import numbers
import operator
from collections.abc import Iterable

import numpy as np

__all__ = ["number", "integer", "positive_int", "nonnegative_int", "probability", "choice",
           "rng", "seed", "shape", "array", "float_dtype", "instance", "function", "flag",
           "string", "pair", "parameters"]


def _show(value) -> str:
    """The value as the message shows it: short repr plus its type where that helps."""
    if isinstance(value, bool):
        return f"{value!r} (a bool)"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    if isinstance(value, (str, bytes, list, tuple, dict, set)) or value is None:
        return f"{text} (a {type(value).__name__})" if value is not None else text
    if not isinstance(value, (int, float, np.number)):
        return f"{text} (a {type(value).__name__})"
    return text


def _fail(error: type[Exception], where: str, name: str, expected: str, value, fix: str = "") -> None:
    raise error(f"{where}: {name} must be {expected}, got {_show(value)}" + (f"; {fix}" if fix else ""))


def _is_real(value) -> bool:
    return isinstance(value, (numbers.Real, np.number)) and not isinstance(value, (bool, np.bool_))


def _bounds_text(low, high, low_open, high_open) -> str:
    if low is None and high is None:
        return ""
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    return f" in {left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"


def number(value, name: str, where: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, finite: bool = True) -> float:
    """A real number (int or float, not bool) within ``low``/``high``; returns a float.

    ``finite=False`` lets infinity through (NaN is always refused: it compares false with
    every bound)."""
    expected = f"a {'finite ' if finite else ''}number{_bounds_text(low, high, low_open, high_open)}"
    if not _is_real(value):
        fix = (f"pass {name}={value.strip()!s} without quotes" if isinstance(value, str)
               and _parses_as_float(value) else f"pass a number such as {name}={_example(low, high)}")
        _fail(TypeError, where, name, expected, value, fix)
    x = float(value)
    if np.isnan(x) or (finite and np.isinf(x)):
        _fail(ValueError, where, name, expected, value)
    if low is not None and (x < low or (low_open and x == low)):
        _fail(ValueError, where, name, expected, value)
    if high is not None and (x > high or (high_open and x == high)):
        _fail(ValueError, where, name, expected, value)
    return x


def _parses_as_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _example(low, high) -> str:
    if low is not None and high is not None:
        return repr((low + high) / 2)
    if low is not None:
        return repr(low + 1 if low >= 0 else 0)
    return "0.1"


def integer(value, name: str, where: str, *, low: int | None = None, high: int | None = None) -> int:
    """An integer (Python or numpy, not bool, not a float such as 3.0) in [low, high]."""
    if high is None:
        expected = {1: "a positive integer (1, 2, ...)", 0: "a non-negative integer (0, 1, ...)",
                    None: "an integer"}.get(low, f"an integer ≥ {low}")
    else:
        expected = f"an integer in [{'-inf' if low is None else low}, {high}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        if isinstance(value, float) and value.is_integer():
            fix = f"pass {name}={int(value)} (an int, not a float)"
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
            fix = f"pass {name}={value.strip()} without quotes"
        else:
            fix = f"pass a whole number such as {name}={max(low or 0, 1) if high is None else low}"
        _fail(TypeError, where, name, expected, value, fix)
    v = operator.index(value)
    if (low is not None and v < low) or (high is not None and v > high):
        _fail(ValueError, where, name, expected, value)
    return v


_COUNT_MAX = 2 ** 63 - 1        # the largest size numpy can index: a count beyond it is a mistake


def positive_int(value, name: str, where: str) -> int:
    """An integer ≥ 1: a count of samples, features, epochs, a batch size (at most 2**63 - 1)."""
    return _count(integer(value, name, where, low=1), name, where, "a positive integer")


def nonnegative_int(value, name: str, where: str) -> int:
    """An integer ≥ 0 (at most 2**63 - 1)."""
    return _count(integer(value, name, where, low=0), name, where, "a non-negative integer")


def _count(v: int, name: str, where: str, expected: str) -> int:
    if v > _COUNT_MAX:
        _fail(ValueError, where, name, f"{expected} below 2**63 (a size numpy can hold)", v)
    return v


def probability(value, name: str, where: str, *, low_open: bool = False,
                high_open: bool = False) -> float:
    """A probability in [0, 1] (either end excluded on request, e.g. dropout's [0, 1))."""
    return number(value, name, where, low=0, high=1, low_open=low_open, high_open=high_open)


def choice(value, name: str, where: str, options: Iterable):
    """One of ``options`` (compared with ==; strings are case-sensitive)."""
    options = list(options)
    try:
        ok = any(value == o and type(value) is type(o) for o in options)
    except Exception:   # noqa: BLE001 - arrays and odd objects compare strangely: not an option
        ok = False
    if not ok:
        error = TypeError if not any(isinstance(value, type(o)) for o in options) else ValueError
        close = [o for o in options if isinstance(o, str) and isinstance(value, str)
                 and o.lower() == value.lower().strip()]
        fix = f"did you mean {close[0]!r}?" if close else ""
        _fail(error, where, name, f"one of {', '.join(map(repr, options))}", value, fix)
    return value


def seed(value, name: str, where: str) -> int:
    """A seed for ``numpy.random.default_rng``: an integer ≥ 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        _fail(TypeError, where, name, "a seed (an integer ≥ 0)", value,
              f"pass e.g. {name}=0, or a numpy.random.Generator where one is accepted")
    if value < 0:
        _fail(ValueError, where, name, "a seed (an integer ≥ 0)", value,
              f"seeds cannot be negative; pass e.g. {name}=0")
    return int(value)


def rng(value, name: str = "rng", where: str = "nnbook") -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator (used as is), a seed ≥ 0, or None (fresh
    entropy: not reproducible). Never the global state."""
    if value is None or isinstance(value, np.random.Generator):
        return np.random.default_rng(value)
    if isinstance(value, np.random.SeedSequence):
        return np.random.default_rng(value)
    if isinstance(value, np.random.RandomState):
        _fail(TypeError, where, name, "a seed (an integer ≥ 0), a numpy.random.Generator or None",
              value, "the legacy RandomState is not supported; use np.random.default_rng(seed)")
    expected = "a seed (an integer ≥ 0), a numpy.random.Generator or None"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        _fail(TypeError, where, name, expected, value, f"pass e.g. {name}=0")
    if value < 0:
        _fail(ValueError, where, name, expected, value, f"seeds cannot be negative; pass e.g. {name}=0")
    return np.random.default_rng(int(value))


def shape(value, name: str, where: str, *, ndim: int | None = None,
          min_ndim: int = 0) -> tuple[int, ...]:
    """A shape: a tuple (or list) of integers ≥ 1, of ``ndim`` entries if given."""
    expected = (f"a shape of {ndim} positive integers" if ndim is not None
                else f"a shape (a tuple of positive integers{f', at least {min_ndim}' if min_ndim else ''})")
    if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_)):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        _fail(TypeError, where, name, expected, value, f"pass e.g. {name}=(64, 10)")
    dims = []
    for d in value:
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (numbers.Integral, np.integer)):
            _fail(TypeError, where, name, expected, tuple(value), "every entry must be an int")
        if d < 1:
            _fail(ValueError, where, name, expected, tuple(value), "every size must be ≥ 1")
        dims.append(int(d))
    if (ndim is not None and len(dims) != ndim) or len(dims) < min_ndim:
        _fail(ValueError, where, name, expected, tuple(value))
    if int(np.prod(dims, dtype=object)) > _COUNT_MAX:
        _fail(ValueError, where, name, expected + " that numpy can hold (fewer than 2**63 entries)",
              tuple(value))
    return tuple(dims)


_KINDS = {
    "float": ("floating-point", "f"),
    "numeric": ("numeric (integer, float or bool)", "biuf"),
    "integer": ("integer", "iu"),
    "bool": ("boolean", "b"),
}


def _shape_text(spec) -> str:
    return "(" + ", ".join("?" if d is None else str(d) for d in spec) + ("," if len(spec) == 1 else "") + ")"


def array(value, name: str, where: str, *, ndim: int | Iterable[int] | None = None,
          shape: tuple | None = None, kind: str = "numeric", finite: bool = False,
          min_size: int = 0, dtype=None) -> np.ndarray:
    """An array (anything ``np.asarray`` accepts) with these properties, returned as ndarray.

    ndim: an int or the allowed ints. shape: entries are ints (must match), letters such as
    "N" or None (any size), e.g. ``("N", 4)``. kind: "float", "numeric", "integer" or "bool"
    (integers pass as "float" when ``dtype`` says what to convert them to). finite: refuse NaN
    and infinity. min_size: at least this many entries. dtype: convert to it at the end.
    """
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        _fail(TypeError, where, name, "an array", value, "pass a numpy array")
    try:
        x = np.asarray(value)
    except (ValueError, TypeError) as e:
        _fail(ValueError, where, name, "an array (a regular, non-ragged nesting of numbers)", value,
              f"numpy could not make an array of it ({e})")
    if kind not in _KINDS:
        raise ValueError(f"_validate.array: unknown kind {kind!r}")
    label, kinds = _KINDS[kind]
    allowed = kinds + ("iu" if kind == "float" and dtype is not None else "")
    if x.dtype.kind not in allowed:
        _fail(TypeError, where, name, f"a {label} array", x,
              "convert it with np.asarray(..., dtype=float)" if kind != "integer" else
              "class labels are integers 0, ..., C-1: convert with .astype(int)")
    ndims = (ndim,) if isinstance(ndim, (int, np.integer)) else (tuple(ndim) if ndim is not None else None)
    if shape is not None:
        ndims = (len(shape),)
    if ndims is not None and x.ndim not in ndims:
        want = " or ".join(f"{d}-D" for d in ndims)
        spec = f" of shape {_shape_text(shape)}" if shape is not None else ""
        fix = ""
        if shape is not None and x.ndim == 1 and len(shape) == 2:
            fix = "for a single sample use x[None, :] (shape (1, D))"
        elif shape is not None and x.ndim > len(shape) == 2:
            fix = "did you forget to flatten? X.reshape(len(X), -1)"
        _fail(ValueError, where, name, f"a {want} array{spec}", x, fix)
    if shape is not None:
        for axis, (want, got) in enumerate(zip(shape, x.shape)):
            if isinstance(want, (int, np.integer)) and want != got:
                _fail(ValueError, where, name, f"an array of shape {_shape_text(shape)}", x,
                      f"axis {axis} has size {got}, expected {want}")
    if x.size < min_size:
        _fail(ValueError, where, name, f"an array with at least {min_size} entries", x)
    if finite and x.dtype.kind in "fc" and not np.all(np.isfinite(x)):
        bad = np.argwhere(~np.isfinite(x))[0]
        _fail(ValueError, where, name, "finite (no NaN or infinity)", x,
              f"the first one is at index {tuple(int(i) for i in bad)}")
    return x.astype(dtype, copy=False) if dtype is not None else x


def float_dtype(value, name: str, where: str, allowed=(np.float32, np.float64)) -> np.dtype:
    """A floating dtype among ``allowed`` (float32 or float64 by default)."""
    names = " or ".join(np.dtype(a).name for a in allowed)
    if value is None:                                   # np.dtype(None) would quietly be float64
        _fail(TypeError, where, name, names, value, "pass e.g. dtype=np.float32")
    try:
        dt = np.dtype(value)
    except TypeError:
        _fail(TypeError, where, name, names, value, "pass e.g. dtype=np.float32")
    if dt not in [np.dtype(a) for a in allowed]:
        _fail(ValueError, where, name, names, dt.name,
              "integers would truncate the values" if dt.kind in "iub" else "")
    return dt


def instance(value, name: str, where: str, cls: type | tuple[type, ...], hint: str = ""):
    """``value`` if it is an instance of ``cls``, else a TypeError naming the class."""
    if not isinstance(value, cls):
        names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        _fail(TypeError, where, name, f"a {names}", value, hint)
    return value


def function(value, name: str, where: str, hint: str = ""):
    """``value`` if it is callable."""
    if not callable(value):
        _fail(TypeError, where, name, "a function", value, hint)
    return value


def string(value, name: str, where: str, *, empty: bool = False) -> str:
    """A str (non-empty unless ``empty``)."""
    if not isinstance(value, str):
        _fail(TypeError, where, name, "a string", value)
    if not value and not empty:
        _fail(ValueError, where, name, "a non-empty string", value)
    return value


def pair(value, name: str, where: str, what: str = "(a, b)") -> tuple:
    """A tuple or list of exactly two items, returned as a tuple."""
    if not isinstance(value, (tuple, list)):
        _fail(TypeError, where, name, f"a pair {what}", value)
    if len(value) != 2:
        _fail(ValueError, where, name, f"a pair {what}", value, f"it has {len(value)} items")
    return tuple(value)


def parameters(value, name: str, where: str) -> dict:
    """Parameters as ``model.parameters()`` gives them (a dict name -> Parameter) or an iterable
    of Parameters (named by position); returns the dict. Anything else is a TypeError naming the
    offending entry."""
    from nnbook.layers import Parameter

    fix = f"pass {name}=model.parameters()"
    if isinstance(value, Parameter):
        _fail(TypeError, where, name, "a dict name -> Parameter or a list of Parameters", value,
              f"wrap a single one: {name}=[p]")
    if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Iterable):
        _fail(TypeError, where, name, "a dict name -> Parameter or a list of Parameters", value, fix)
    items = dict(value.items()) if hasattr(value, "items") else {str(i): p for i, p in enumerate(value)}
    for key, p in items.items():
        if not isinstance(p, Parameter):
            _fail(TypeError, where, f"{name}[{key!r}]", "a Parameter", p, fix)
    return items


def flag(value, name: str, where: str) -> bool:
    """True or False (numpy bools too), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        _fail(TypeError, where, name, "True or False", value)
    return bool(value)
