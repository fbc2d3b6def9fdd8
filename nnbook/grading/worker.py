"""Run student code in a separate process, so that it cannot touch the checks that judge it.

The parent (the grader) sends a *task*: the name of a function in :data:`TASKS` and its
arguments. The worker runs it against the student's module and sends back the result, or the
exception it raised. A task that does not answer within the time limit is killed together with
its process; a task that ends the process (``sys.exit``, ``os._exit``, a crash) is reported as
such. Either way the next task starts a fresh worker.
"""
from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import multiprocessing as mp
import pickle
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

class Strided:
    """Marks an array argument to be passed as a non-contiguous view with the same values."""

    def __init__(self, array: np.ndarray):
        self.array = np.asarray(array)

    def materialise(self) -> np.ndarray:
        a = self.array
        wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1],), dtype=a.dtype) if a.ndim else a
        if a.ndim == 0:
            return a.copy()
        wide[..., ::2] = a
        return wide[..., ::2]


# --- tasks: what the parent may ask the worker to do ---------------------------------------------

def _call(module, name, args, kwargs):
    return getattr(module, name)(*args, **kwargs)


def _call_many(module, name, arg_list, kwargs):
    fn = getattr(module, name)
    return [fn(*args, **kwargs) for args in arg_list]


def _forward_many(module, name, arg_list, kwargs):
    fn = getattr(module, name)
    return [_unpack_pair(fn(*args, **kwargs), name)[0] for args in arg_list]


def _forward_backward(module, forward, backward, args, kwargs, dout):
    out, cache = _unpack_pair(getattr(module, forward)(*args, **kwargs), forward)
    return out, getattr(module, backward)(dout, cache)


def _unpack_pair(result, name):
    if not (isinstance(result, tuple) and len(result) == 2):
        raise GradingTypeError(f"{name} must return a pair (out, cache), got {_describe(result)}")
    return result


TASKS = {"call": _call, "call_many": _call_many, "forward_many": _forward_many,
         "forward_backward": _forward_backward}


def _task(name: str):
    """A task by name: one of :data:`TASKS`, or ``"<chapter>:<function>"`` for a function of the
    chapter's own ``nnbook.grading.chapters.<chapter>.tasks`` module."""
    if ":" not in name:
        return TASKS[name]
    chapter, function = name.split(":")
    return getattr(importlib.import_module(f"nnbook.grading.chapters.{chapter}.tasks"), function)


class GradingTypeError(TypeError):
    """The student's function returned something of the wrong kind (raised in the worker)."""


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    return type(value).__name__


# --- the worker process ---------------------------------------------------------------------------

def _materialise(value):
    if isinstance(value, Strided):
        return value.materialise()
    if isinstance(value, (list, tuple)):
        return type(value)(_materialise(v) for v in value)
    if isinstance(value, dict):
        return {k: _materialise(v) for k, v in value.items()}
    return value


def _arrays(value, path="") -> dict[str, np.ndarray]:
    if isinstance(value, np.ndarray):
        return {path: value}
    if isinstance(value, (list, tuple)):
        return {k: a for i, v in enumerate(value) for k, a in _arrays(v, f"{path}[{i}]").items()}
    if isinstance(value, dict):
        return {k: a for key, v in value.items() for k, a in _arrays(v, f"{path}[{key!r}]").items()}
    return {}


def _student_frame(tb_text: str, module_file: str) -> str:
    lines = [line.strip() for line in tb_text.splitlines() if module_file in line]
    return lines[-1] if lines else ""


def _serve(conn, module_path: str) -> None:
    path = Path(module_path)
    try:
        spec = importlib.util.spec_from_file_location(f"graded_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        for folder in (Path.cwd(), path.parent.parent):    # the module may import its siblings
            sys.path.insert(0, str(folder))
        spec.loader.exec_module(module)
    except BaseException as exc:                            # noqa: BLE001 - report anything
        conn.send(("import_error", f"{type(exc).__name__}: {exc}",
                   _student_frame(traceback.format_exc(), path.name)))
        return
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        task, args, watch = request
        args = _materialise(args)
        watched = {k: v.copy() for k, v in _arrays(args).items()} if watch else {}
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout):
                result = _task(task)(module, *copy.copy(args))
            mutated = [k for k, before in watched.items()
                       if not np.array_equal(before, _arrays(args)[k], equal_nan=True)]
            try:
                payload = pickle.dumps(("ok", result, mutated, stdout.getvalue()[-2000:]))
            except Exception as exc:                        # noqa: BLE001
                payload = pickle.dumps(("error", "TypeError", f"returned {_describe(result)}, which "
                                        f"cannot be sent back to the grader ({exc})", ""))
        except BaseException as exc:                        # noqa: BLE001 - SystemExit included
            payload = pickle.dumps(("error", type(exc).__name__, str(exc),
                                    _student_frame(traceback.format_exc(), path.name)))
        conn.send_bytes(payload)


@dataclass
class Outcome:
    """What came back from one task: ``status`` is "ok", "error", "timeout", "crash" or "import_error"."""
    status: str
    value: object = None
    error_type: str = ""
    message: str = ""
    where: str = ""
    mutated: tuple[str, ...] = ()
    stdout: str = ""


class Worker:
    """One worker process for one student module; restarted after a timeout or a crash."""

    def __init__(self, module_path: str | Path, *, timeout: float = 10.0):
        self.module_path = str(module_path)
        self.timeout = timeout
        self._process = None
        self._conn = None
        self._import_error: Outcome | None = None

    def _start(self) -> Outcome | None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self.module_path), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        if not parent.poll(60):
            self.close()
            return Outcome("timeout", message="importing the module took longer than 60 s")
        try:
            first = parent.recv()
        except EOFError:
            self.close()
            return Outcome("crash", message="the module ended the process while being imported")
        if first[0] == "import_error":
            self.close()
            return Outcome("import_error", message=first[1], where=first[2])
        return None

    def run(self, task: str, *args, watch: bool = True) -> Outcome:
        """Run ``TASKS[task](module, *args)`` in the worker; never raises for student errors."""
        if self._import_error is not None:
            return self._import_error
        if self._process is None or not self._process.is_alive():
            failed = self._start()
            if failed is not None:
                if failed.status == "import_error":
                    self._import_error = failed
                return failed
        self._conn.send((task, args, watch))
        if not self._conn.poll(self.timeout):
            self.close()
            return Outcome("timeout", message=f"did not finish within {self.timeout:g} s "
                                              "(an infinite loop, or a Python loop over samples?)")
        try:
            reply = pickle.loads(self._conn.recv_bytes())
        except (EOFError, ConnectionError, OSError):
            self._process.join(5)
            code = self._process.exitcode
            self.close()
            return Outcome("crash", message=f"the process running your code ended (exit code {code}); "
                                            "did it call sys.exit or os._exit, or crash?")
        if reply[0] == "ok":
            return Outcome("ok", value=reply[1], mutated=tuple(reply[2]), stdout=reply[3])
        return Outcome("error", error_type=reply[1], message=reply[2], where=reply[3])

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
