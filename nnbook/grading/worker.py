"""Run student code in a sealed worker, so that it cannot touch the checks that judge it.

The grader (this module) talks to a supervisor process (:mod:`nnbook.grading.sandbox`) started in a
session of its own; every call runs in a fresh process below it, with limits, and everything it
started is killed before the answer comes back. Requests and answers are plain data
(:mod:`nnbook.grading.codec`, ``.npz`` read with ``allow_pickle=False``): nothing the student's
code sends can run code in the grader. Invariants such as "the input is left unchanged" are
judged here, never in the student's process: a call's inputs live in memory the supervisor
shares with it, and the supervisor reads them back after the call's processes are gone, so what
the student's process says about its inputs is never asked.
"""
from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from nnbook.grading import codec, sandbox
from nnbook.grading.codec import Strided  # noqa: F401 - re-exported for the checks

DEFAULT_MEMORY = 3 * 2 ** 30


@dataclass
class Outcome:
    """What came back from one task: ``status`` is "ok", "error", "timeout", "crash",
    "import_error" or "refused" (a reply that is not plain data)."""
    status: str
    value: object = None
    error_type: str = ""
    message: str = ""
    where: str = ""
    mutated: tuple[str, ...] = ()
    stdout: str = ""


def _arrays(value, path="") -> dict[str, np.ndarray]:
    if isinstance(value, Strided):
        return {path: value.materialise()}
    if type(value) is np.ndarray:
        return {path: value}
    if type(value) in (list, tuple):
        return {k: a for i, v in enumerate(value) for k, a in _arrays(v, f"{path}[{i}]").items()}
    if type(value) is dict:
        return {k: a for key, v in value.items() for k, a in _arrays(v, f"{path}[{key!r}]").items()}
    return {}


def grading_package_dir() -> str:
    return str(resources.files("nnbook.grading"))


def _signal_name(code: int) -> str:
    with contextlib.suppress(ValueError):
        return signal.Signals(code).name
    return f"signal {code}"


class Worker:
    """The sealed worker for one student module.

    ``hide``: extra paths the student's code must not see (solutions, results); the grader's own
    package (with the fixtures) is always hidden where the kernel allows it."""

    def __init__(self, module_path: str | Path, *, timeout: float = 10.0, hide=(),
                 memory: int = DEFAULT_MEMORY, isolation: str | None = None, user: str | None = None):
        self.module_path = Path(module_path).resolve()
        self.timeout = timeout
        self.hide = [grading_package_dir(), *map(str, hide)]
        self.memory = memory
        self.isolation = isolation or os.environ.get("NNBOOK_SANDBOX", "auto")
        self.user = user or os.environ.get("NNBOOK_SANDBOX_USER")
        self.timeouts = 0                        # how many calls did not finish in time
        self.deadline: float | None = None       # time.monotonic() by which every call must end
        self.out_of_budget = False               # the last timeout was the deadline's, not timeout's
        self._process: subprocess.Popen | None = None
        self._import_failure: Outcome | None = None
        self._probed = False

    # -- the supervisor ------------------------------------------------------------------------
    def _start(self) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self._process = subprocess.Popen([sys.executable, "-m", "nnbook.grading.sandbox"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            source = self.module_path.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            source = f"raise ImportError({f'cannot read {self.module_path.name}: {exc}'!r})\n"
        config = {"op": "config", "source": source, "path": str(self.module_path),
                  "module_name": f"graded_{self.module_path.stem}",
                  "sys_path": [str(Path.cwd()), str(self.module_path.parent.parent)],
                  "hide": self.hide, "timeout": float(self.timeout), "memory": int(self.memory),
                  "isolation": self.isolation, "user": self.user or ""}
        answer = self._exchange(config, 60)
        if answer is None or answer.get("status") != "configured":
            self.close()
            raise RuntimeError("the grading worker did not start (python -m nnbook.grading.sandbox)")

    def _exchange(self, message: dict, seconds: float):
        try:
            sandbox.write_frame(self._process.stdin.fileno(), codec.encode(message, strings=True))
        except (BrokenPipeError, OSError):
            return None
        data = sandbox.read_frame(self._process.stdout.fileno(), time.monotonic() + seconds)
        if data is None:
            return None
        try:
            answer = codec.decode(data, strings=True)
        except codec.DecodeError:
            return None
        return answer if type(answer) is dict else None

    # -- calls -----------------------------------------------------------------------------------
    def run(self, task: str, *args, watch: bool = True) -> Outcome:
        """Run a task (see :mod:`nnbook.grading.tasks`) in a fresh sealed process; never raises for
        anything the student's code does."""
        if not self._probed:
            self._probed = True
            probe = self._call("import", (), False)
            if probe.status != "ok":
                if probe.status == "timeout":
                    probe = Outcome("import_error", message=f"importing it did not finish within "
                                                            f"{self.timeout:g} s")
                elif probe.status == "crash":
                    probe = Outcome("import_error", message=probe.message)
                self._import_failure = probe
        if self._import_failure is not None:
            return self._import_failure
        return self._call(task, args, watch)

    def _call(self, task: str, args: tuple, watch: bool) -> Outcome:
        seconds = self.timeout
        if self.deadline is not None:
            seconds = min(seconds, self.deadline - time.monotonic())
        self.out_of_budget = seconds < self.timeout
        if seconds <= 0:
            self.timeouts += 1
            return Outcome("timeout", message="no time left in this exercise's time budget")
        if self._process is None or self._process.poll() is not None:
            self._start()
        answer = self._exchange({"op": "call", "task": task, "args": list(args), "watch": watch,
                                 "timeout": float(seconds)}, seconds + 30)
        if answer is None:                       # the supervisor itself misbehaved: start afresh
            self.close()
            return Outcome("crash", message="the process running your code could not be supervised "
                                            "(it was restarted)")
        status = answer.get("status")
        data = None
        if status == "reply":                    # the reply itself follows, as a frame of its own
            data = sandbox.read_frame(self._process.stdout.fileno(), time.monotonic() + 60,
                                      limit=sandbox.MAX_REPLY)
            inputs = sandbox.read_frame(self._process.stdout.fileno(), time.monotonic() + 60,
                                        limit=sandbox.MAX_REPLY)
            if data is None or inputs is None:
                self.close()
                return Outcome("crash", message="the process running your code could not be "
                                                "supervised (it was restarted)")
        if status == "memory":
            return Outcome("crash", message=f"your code's processes together used more than "
                                            f"{answer.get('limit', 0) / 2 ** 30:.3g} GB of memory and were stopped")
        if status == "too_large":
            return Outcome("refused", message=f"sent back more than {answer.get('limit', 0) // 2 ** 20} MB "
                                              "of data, which the grader does not read")
        if status == "timeout":
            self.timeouts += 1
            if self.out_of_budget:
                return Outcome("timeout", message=f"did not finish within the {seconds:.3g} s left "
                                                  "in this exercise's time budget")
            return Outcome("timeout", message=f"did not finish within {self.timeout:g} s "
                                              "(an infinite loop, or a Python loop over samples?)")
        if status == "crash":
            code = answer.get("code", 0)
            if code < 0 and -code == signal.SIGXCPU:
                text = f"used more than {self.timeout:g} s of CPU time and was stopped"
            elif code < 0:
                text = f"the process running your code was killed by {_signal_name(-code)}"
            elif code >= 128:
                text = f"the process running your code was killed by {_signal_name(code - 128)}"
            else:
                text = (f"the process running your code ended (exit code {code}); did it call "
                        "sys.exit or os._exit, or crash?")
            return Outcome("crash", message=text)
        try:
            if data is None:
                raise codec.DecodeError(f"unknown status {status!r}")
            reply = codec.decode(data, strings=True)
            del data
            if type(reply) is not dict:
                raise codec.DecodeError("not a dict")
            kind = reply.get("status")
            if kind == "ok":
                value = codec.decode(bytes(reply["value"]))
                after = codec.decode(inputs)           # from the supervisor, not the call
            elif kind in ("error", "import_error"):
                return Outcome(kind, error_type=str(reply.get("error_type", ""))[:100],
                               message=str(reply.get("message", "")), where=str(reply.get("where", "")),
                               stdout=str(reply.get("stdout", "")))
            else:
                raise codec.DecodeError(f"unknown status {kind!r}")
        except (codec.DecodeError, KeyError, TypeError, ValueError) as exc:
            return Outcome("refused", message=f"what your code's process sent back is not plain data "
                                              f"the grader accepts ({exc})")
        refused = codec.refused_inside(value)
        if refused:
            return Outcome("refused", message=f"returned {refused}, which the grader does not accept: "
                                              "return numpy arrays (numeric dtype, not a subclass or a "
                                              "masked array), Python numbers, or tuples/lists/dicts "
                                              "of them")
        mutated = ()
        if watch:
            before = _arrays(list(args))
            if type(after) is not list or len(after) != len(before):
                return Outcome("refused", message="the inputs sent back after the call do not match "
                                                  "the inputs given")
            mutated = tuple(k for (k, b), a in zip(before.items(), after)
                            if type(a) is not np.ndarray or a.shape != b.shape or a.dtype != b.dtype
                            or not np.array_equal(a, b, equal_nan=True))
        return Outcome("ok", value=value, mutated=mutated, stdout=str(reply.get("stdout", "")))

    def close(self) -> None:
        if self._process is not None:
            with contextlib.suppress(OSError):
                os.killpg(self._process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait(10)
            for stream in (self._process.stdin, self._process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
        self._process = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalWorker:
    """Trusted code (the reference solutions) run in the grader's own process, with the interface
    of :class:`Worker` and the same plain data in and out (:func:`codec.copy`), but no sandbox:
    the hidden-seed sweep of the grader's self-tests records thousands of seeds with it. The
    module is executed once (a reference solution keeps no state between calls)."""

    def __init__(self, module_path: str | Path, **_):
        import types

        self.module_path = Path(module_path).resolve()
        self.timeouts = 0
        self.module = types.ModuleType(f"reference_{self.module_path.stem}")
        self.module.__file__ = str(self.module_path)
        exec(_compiled(self.module_path), self.module.__dict__)

    def run(self, task: str, *args, watch: bool = True) -> Outcome:
        import importlib

        from nnbook.grading import tasks
        args = _materialised(codec.copy(list(args), strings=True))
        before = [a.copy() for a in _flat(args)] if watch else []
        try:
            if ":" in task:
                chapter, function = task.split(":")
                fn = getattr(importlib.import_module(f"nnbook.grading.chapters.{chapter}.tasks"), function)
            else:
                fn = tasks.TASKS[task]
            result = fn(self.module, *args)
        except Exception as exc:                     # noqa: BLE001 - reported as the sandbox does
            return Outcome("error", error_type=type(exc).__name__, message=str(exc))
        value = codec.copy(result)
        refused = codec.refused_inside(value)
        if refused:
            return Outcome("refused", message=f"returned {refused}")
        mutated = ()
        if watch and not all(np.array_equal(b, a, equal_nan=True) for b, a in zip(before, _flat(args))):
            mutated = ("(an argument)",)
        return Outcome("ok", value=value, mutated=mutated)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalWorker:
        return self

    def __exit__(self, *exc) -> None:
        pass


@functools.lru_cache(maxsize=16)
def _compiled(path: Path):
    return compile(path.read_text(), str(path), "exec")


def _flat(value) -> list[np.ndarray]:
    if type(value) is np.ndarray:
        return [value]
    if type(value) in (list, tuple):
        return [a for v in value for a in _flat(v)]
    if type(value) is dict:
        return [a for v in value.values() for a in _flat(v)]
    return []


def _materialised(value):
    if isinstance(value, Strided):
        return value.materialise()
    if type(value) in (list, tuple):
        return type(value)(_materialised(v) for v in value)
    if type(value) is dict:
        return {k: _materialised(v) for k, v in value.items()}
    return value
