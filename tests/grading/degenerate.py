"""Modules that compute nothing, generated for every chapter's symbols: each exercise's functions
and classes replaced by code that raises a ValueError for every input, returns its input, or
returns zeros of exactly the shape and dtype the reference returns (a class's forward runs the
reference on itself, its other methods on a copy, so that no gradient is accumulated either). The rest of the module is the
reference solution (as for the mutants), so only the exercises' own code computes nothing."""
from __future__ import annotations

import ast
from pathlib import Path

from nnbook.grading.discover import chapters

ROOT = Path(__file__).resolve().parents[2]
MODES = ("raise", "identity", "zeros")
HOSTILE = ("sleep", "hang")          # every call sleeps just under the timeout, or never returns
# Outputs of every kind, shape and size instead of the reference's (no check may fail to judge them)
FUZZ = ("fuzz_shape", "fuzz_scalar", "fuzz_bigint", "fuzz_nan", "fuzz_int", "fuzz_empty", "fuzz_text",
        "fuzz_nested")
KEEP = {"__init__", "parameters", "named_parameters", "children", "named_children", "train", "eval",
        "zero_grad", "state_dict", "load_state_dict"}

HELPERS = '''
import copy as _copy
import time as _time

import numpy as _np


def _zeroed(value):
    if type(value) is _np.ndarray:
        return _np.zeros_like(value)
    if isinstance(value, (bool, _np.bool_)):
        return value
    if isinstance(value, (int, float, _np.integer, _np.floating)):
        return type(value)(0)
    if type(value) in (list, tuple):
        return type(value)(_zeroed(v) for v in value)
    if type(value) is dict:
        return {k: _zeroed(v) for k, v in value.items()}
    return value


def _fuzzed(value, how):
    if how == "bigint":
        return 10 ** 330                          # above the float range, below the codec's limit
    if how == "text":
        return "not a number"
    if how == "nested":
        return [[value, {"x": (value, None)}]]
    if how == "empty":
        return _np.zeros((0, 3))
    if type(value) in (list, tuple):
        return type(value)(_fuzzed(v, how) for v in value)
    if type(value) is dict:
        return {k: _fuzzed(v, how) for k, v in value.items()}
    a = _np.asarray(value) if isinstance(value, (int, float, _np.number, _np.ndarray)) else None
    if a is None or a.dtype.kind not in "biuf":
        return value
    if how == "shape":
        return _np.zeros((a.shape[0] + 1,) + a.shape[1:] if a.ndim else (2,), a.dtype)
    if how == "scalar":
        return _np.array(1.5) if a.ndim else 1.5
    if how == "nan":
        return _np.full(a.shape, _np.nan) if a.ndim else float("nan")
    if how == "int":
        return _np.full(a.shape, 2 ** 62, dtype=_np.int64) if a.ndim else 2 ** 62
    return value


def _first(args, kwargs):
    return args[0] if args else next(iter(kwargs.values()), None)
'''

BODY = {"raise": "raise ValueError('bad input')",
        "identity": "return _first(args, kwargs)",
        "zeros": "return _zeroed({ref}(*args, **kwargs))",
        "sleep": "_time.sleep(SLEEP); return {ref}(*args, **kwargs)",
        "hang": "while True: pass",
        **{mode: f"return _fuzzed({{ref}}(*args, **kwargs), {mode[5:]!r})" for mode in FUZZ}}


def _methods(tree: ast.Module, name: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            own = [f.name for f in node.body if isinstance(f, ast.FunctionDef)
                   and not f.name.startswith("_") and f.name not in KEEP]
            return sorted(set(own) | {"forward", "backward"})
    return []


def degenerate_source(chapter: str, mode: str, sleep: float = 0.0) -> str:
    """The reference solution of ``chapter`` with every exercise's symbols replaced (``mode``;
    ``sleep``: the seconds of mode "sleep")."""
    solution = (ROOT / "solutions" / f"{chapter}.py").read_text()
    tree = ast.parse(solution)
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    parts = [solution, "\n\n# --- every exercise computes nothing " + "-" * 40, HELPERS,
             f"SLEEP = {sleep!r}\n"]
    for ex in chapters()[chapter].exercises:
        for name in ex.names:
            if name in classes:
                lines = [f"_ref_{name} = {name}", f"class {name}(_ref_{name}):"]
                for method in _methods(tree, name):
                    on = "_copy.deepcopy(self)" if mode == "zeros" and method != "forward" else "self"
                    body = BODY[mode].format(ref=f"super({name}, {on}).{method}")
                    lines += [f"    def {method}(self, *args, **kwargs):", f"        {body}"]
                parts.append("\n".join(lines) + "\n")
            else:
                body = BODY[mode].format(ref=f"_ref_{name}")
                parts.append(f"_ref_{name} = {name}\n\ndef {name}(*args, **kwargs):\n    {body}\n")
    return "\n\n".join(parts)


def degenerate_module(chapter: str, mode: str, dest: Path, sleep: float = 0.0) -> Path:
    target = dest / mode / f"{chapter}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(degenerate_source(chapter, mode, sleep))
    return target
