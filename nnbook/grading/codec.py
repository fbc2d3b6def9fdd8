"""Plain data between the grader and the student's process, in a format that cannot run code.

A message is an ``.npz`` archive read with ``allow_pickle=False``: the arrays, plus one JSON text
describing the structure around them. Accepted: exact ``numpy.ndarray`` objects of a numeric or
boolean dtype (no subclasses, no masked arrays, no object dtype), Python and numpy numbers,
``None``, and tuples, lists and dicts (string keys) of them. Strings pass only in messages from the
grader (names, labels) and in the reply's header. Anything else is encoded as *refused*, naming its
type, and the grader turns it into a failed check.
"""
from __future__ import annotations

import io
import json
import math
import zipfile

import numpy as np

MAX_DEPTH = 20
MAX_REPLY = 32 * 2 ** 20             # bytes a reply may have (the largest the checks need is ~1 MB)
MAX_BYTES = 2 * MAX_REPLY             # what a reply may unpack to
KINDS = "biuf"                        # bool, signed, unsigned, float


class Strided:
    """Marks an array argument to be passed as a non-contiguous view with the same values."""

    def __init__(self, array: np.ndarray):
        self.array = np.asarray(array)

    def materialise(self) -> np.ndarray:
        a = self.array
        if a.ndim == 0:
            return a.copy()
        wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), dtype=a.dtype)
        wide[..., ::2] = a
        return wide[..., ::2]


class Refused:
    """A value the student's process could not send as plain data (its type, as text)."""

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return f"Refused({self.what})"


class DecodeError(ValueError):
    """A message that is not plain data in the expected format."""


def type_name(value) -> str:
    t = type(value)
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def encode(value, *, strings: bool = False) -> bytes:
    """``value`` as an npz message (in the student's process, unknown types become *refused*)."""
    arrays: list[np.ndarray] = []

    def node(v, depth):
        if depth > MAX_DEPTH:
            return {"refused": "a structure nested more than 20 levels deep"}
        t = type(v)
        if v is None:
            return {"n": 0}
        if t is bool or t is np.bool_:
            return {"b": bool(v)}
        if t is int or (isinstance(v, np.integer) and t.__module__ == "numpy"):
            return {"i": str(int(v))}
        if t is float or (isinstance(v, np.floating) and t.__module__ == "numpy"):
            f = float(v)
            return {"f": repr(f) if math.isfinite(f) else str(f), "dt": str(np.dtype(t)) if t is not float else "py"}
        if t is np.ndarray:
            if v.dtype.kind not in KINDS or v.dtype.fields is not None:
                return {"refused": f"a numpy array of dtype {v.dtype}"}
            arrays.append(np.array(v, order="C"))          # a copy; 0-d arrays stay 0-d
            return {"a": len(arrays) - 1}
        if t is Strided:
            return {"strided": node(v.array, depth + 1)}
        if t is str and strings:
            return {"s": v}
        if t is tuple or t is list:
            return {"t" if t is tuple else "l": [node(x, depth + 1) for x in v]}
        if t is dict:
            if not all(type(k) is str for k in v):
                return {"refused": "a dict with keys that are not strings"}
            return {"d": [[k, node(x, depth + 1)] for k, x in v.items()]}
        if strings:                                    # the grader's own messages: a bug
            raise TypeError(f"the grader cannot send {_describe_refused(v)} to the worker")
        return {"refused": _describe_refused(v)}

    skeleton = json.dumps(node(value, 0))
    buffer = io.BytesIO()
    np.savez(buffer, __skeleton__=np.frombuffer(skeleton.encode(), dtype=np.uint8),
             **{f"a{i}": a for i, a in enumerate(arrays)})
    return buffer.getvalue()


def copy(value, *, strings: bool = False):
    """What ``decode(encode(value))`` gives, without the bytes in between (for trusted code run
    in the grader's own process, such as the reference in the hidden-seed sweep)."""
    def node(v, depth):
        t = type(v)
        if depth > MAX_DEPTH:
            return Refused("a structure nested more than 20 levels deep")
        if t is np.ndarray:
            if v.dtype.kind not in KINDS or v.dtype.fields is not None:
                return Refused(f"a numpy array of dtype {v.dtype}")
            return np.array(v, order="C")
        if t is tuple or t is list:
            return t([node(x, depth + 1) for x in v])
        if t is dict:
            if not all(type(k) is str for k in v):
                return Refused("a dict with keys that are not strings")
            return {k: node(x, depth + 1) for k, x in v.items()}
        if v is None or t is bool or t is float:
            return v
        if t is int or t is np.bool_:
            return int(v) if t is int else bool(v)
        if isinstance(v, np.integer) and t.__module__ == "numpy":
            return int(v)
        if isinstance(v, np.floating) and t.__module__ == "numpy":
            return v
        if t is Strided:
            return Strided(node(v.array, depth + 1))
        if t is str and strings:
            return v
        if strings:
            raise TypeError(f"the grader cannot send {_describe_refused(v)} to the worker")
        return Refused(_describe_refused(v))
    return node(value, 0)


def _describe_refused(v) -> str:
    if isinstance(v, np.ma.MaskedArray):
        return "a numpy.ma.MaskedArray (masked array)"
    if isinstance(v, np.ndarray):
        return f"an ndarray subclass {type_name(v)}"
    return f"a {type_name(v)}"


def decode(data: bytes, *, strings: bool = False):
    """The value of an npz message; :class:`Refused` where the sender refused one; raises
    :class:`DecodeError` for anything that is not a well-formed plain message."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(info.file_size for info in z.infolist()) > MAX_BYTES:
                raise DecodeError(f"the message unpacks to more than {MAX_BYTES // 2 ** 20} MB")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            files = {name: npz[name] for name in npz.files}
        skeleton = json.loads(bytes(files.pop("__skeleton__").astype(np.uint8)).decode())
        return _build(skeleton, files, strings, 0)
    except DecodeError:
        raise
    except Exception as exc:                       # noqa: BLE001 - anything malformed
        raise DecodeError(f"not a plain-data message ({type(exc).__name__}: {str(exc)[:200]})") from None


def _build(n, files, strings, depth):
    if depth > MAX_DEPTH + 2 or type(n) is not dict or len(n) not in (1, 2):
        raise DecodeError("malformed structure")
    (key, v), = [(k, n[k]) for k in n if k != "dt"]
    if key == "n":
        return None
    if key == "b":
        return bool(v)
    if key == "i":
        if type(v) is not str or len(v) > 400:
            raise DecodeError("malformed integer")
        return int(v)
    if key == "f":
        value = float(v)
        dt = n.get("dt", "py")
        return value if dt == "py" else np.dtype(dt).type(value) if dt in ("float16", "float32", "float64", "longdouble") else value
    if key == "a":
        a = files[f"a{int(v)}"]
        if type(a) is not np.ndarray or a.dtype.kind not in KINDS or a.dtype.fields is not None:
            raise DecodeError(f"an array of dtype {a.dtype}")
        return a
    if key == "strided":
        return Strided(_build(v, files, strings, depth + 1))
    if key == "s" and strings and type(v) is str:
        return v
    if key == "refused":
        return Refused(str(v)[:200])
    if key in ("t", "l") and type(v) is list:
        items = [_build(x, files, strings, depth + 1) for x in v]
        return tuple(items) if key == "t" else items
    if key == "d" and type(v) is list:
        out = {}
        for pair in v:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise DecodeError("malformed dict")
            out[pair[0]] = _build(pair[1], files, strings, depth + 1)
        return out
    raise DecodeError(f"unknown node {key!r}")


def refused_inside(value) -> str | None:
    """The first refused item in ``value``, described, or None."""
    if isinstance(value, Refused):
        return value.what
    if type(value) is int and not -2 ** 63 <= value < 2 ** 64:
        return f"an integer of {len(str(abs(value)))} digits (beyond 64 bits and the float range)"
    if type(value) in (list, tuple):
        for v in value:
            found = refused_inside(v)
            if found:
                return found
    if type(value) is dict:
        for v in value.values():
            found = refused_inside(v)
            if found:
                return found
    return None
