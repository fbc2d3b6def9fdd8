"""The check framework: exercises, their checks, and messages a student can act on.

A check is a function ``check(ctx)`` that asks the worker to run student code through
``ctx.run(...)`` and judges the result with ``ctx.match(...)`` (against a value recorded from the
reference solution) or ``ctx.require(...)`` (a property that needs no solution). Any failure
raises :class:`CheckFailed` with one message. The same checks record the fixtures: in recording
mode ``ctx.run`` runs the solutions and ``ctx.match`` stores what it sees.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnbook.grading.worker import Outcome, Worker


class CheckFailed(AssertionError):
    """A check's verdict, with the message the student sees."""


@dataclass
class Check:
    name: str
    run: Callable[[Context], None]


@dataclass
class Exercise:
    id: str                      # "1.1"
    title: str                   # "ELU"
    names: tuple[str, ...]       # the functions and classes the student implements
    points: float
    checks: list[Check] = field(default_factory=list)

    @property
    def marker(self) -> str:
        """The pytest marker selecting this exercise: "ex1_1"."""
        return "ex" + self.id.replace(".", "_")

    def check(self, name: str):
        """Decorator adding a check to this exercise."""
        def add(fn: Callable[[Context], None]):
            self.checks.append(Check(name, fn))
            return fn
        return add


@dataclass
class Chapter:
    name: str                    # the module name in exercises/ and solutions/: "backprop"
    title: str
    exercises: list[Exercise]


# --- contexts --------------------------------------------------------------------------------------

class Context:
    """Grading mode: run the student's code in ``worker``; compare with ``fixtures``."""

    recording = False

    def __init__(self, worker: Worker, fixtures: dict[str, np.ndarray], exercise: Exercise,
                 seed: int = 2024):
        self.worker, self.fixtures, self.exercise, self.seed = worker, fixtures, exercise, seed

    def rng(self, *seed: int) -> np.random.Generator:
        """The generator of a check's inputs. Public checks use fixed seeds (so the shipped fixtures
        apply); the autograder's hidden-input mode draws a fresh base seed at grading time."""
        return np.random.default_rng([self.seed, *seed])

    def run(self, task: str, *args, label: str, watch: bool = True):
        """Run a worker task; return its value, or fail with a message saying what went wrong."""
        outcome = self.worker.run(task, *args, watch=watch)
        return verdict(outcome, label)

    def expected(self, key: str) -> np.ndarray:
        full = f"{self.exercise.id}/{key}"
        if full not in self.fixtures:
            raise CheckFailed(f"the grader has no recorded value for {full!r}: the fixtures are out "
                              "of date (instructors: run `make fixtures`)")
        return self.fixtures[full]

    def match(self, key: str, label: str, actual, *, rtol: float = 1e-6, atol: float = 1e-8) -> None:
        """``actual`` must equal the value recorded from the solution under ``key``."""
        expected = self.expected(key)
        if expected.dtype == np.float32:
            rtol, atol = max(rtol, 1e-4), max(atol, 1e-5)
        problem = compare(actual, expected, rtol=rtol, atol=atol)
        if problem:
            raise CheckFailed(f"{label}: {problem}")

    @staticmethod
    def require(condition: bool, message: str) -> None:
        if not condition:
            raise CheckFailed(message)

    def expect_error(self, fn: str, args: tuple, error: str, what: str) -> None:
        """Calling ``fn(*args)`` must raise the exception class named ``error``."""
        outcome = self.worker.run("call", fn, args, {})
        if outcome.status == "error" and outcome.error_type == "NotImplementedError":
            raise CheckFailed(f"{fn}: not implemented yet ({outcome.message})")
        if outcome.status == "error" and outcome.error_type == error:
            return
        got = ("it returned normally" if outcome.status == "ok"
               else f"got {outcome.error_type or outcome.status}: {outcome.message}")
        raise CheckFailed(f"{what} should raise {error}; {got}")


class RecordingContext(Context):
    """Recording mode: run the solutions and store every matched value into ``fixtures``."""

    recording = True

    def match(self, key: str, label: str, actual, **_) -> None:
        self.fixtures[f"{self.exercise.id}/{key}"] = np.array(actual)


def verdict(outcome: Outcome, label: str):
    if outcome.status == "ok":
        if outcome.mutated:
            names = ", ".join(outcome.mutated)
            raise CheckFailed(f"{label}: modified its input in place (argument {names}); "
                              "compute into a new array instead (e.g. x = x.copy() first)")
        return outcome.value
    if outcome.status == "error":
        where = f" ({outcome.where})" if outcome.where else ""
        if outcome.error_type == "NotImplementedError":
            return _raise(f"{label}: not implemented yet ({outcome.message})")
        return _raise(f"{label}: raised {outcome.error_type}: {outcome.message}{where}")
    if outcome.status == "import_error":
        where = f" ({outcome.where})" if outcome.where else ""
        return _raise(f"could not import your module: {outcome.message}{where}")
    return _raise(f"{label}: {outcome.message}")


def _raise(message: str):
    raise CheckFailed(message)


# --- inputs and numerical gradients -----------------------------------------------------------

def rng(*seed: int) -> np.random.Generator:
    """The generator of a check's inputs: fixed seeds, so the recorded fixtures stay valid."""
    return np.random.default_rng([2024, *seed])


def perturbed(x: np.ndarray, h: float) -> list[np.ndarray]:
    """x + h e_i and x − h e_i for every entry i, in that order (2 · x.size arrays)."""
    out = []
    for i in np.ndindex(x.shape):
        for sign in (1, -1):
            z = x.copy()
            z[i] += sign * h
            out.append(z)
    return out


def numerical_from(values: list[float], shape: tuple[int, ...], h: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64).reshape(-1, 2)
    return ((v[:, 0] - v[:, 1]) / (2 * h)).reshape(shape)


def agree_numerically(label: str, analytic, numeric: np.ndarray, *, tol: float = 1e-6) -> None:
    """Fail unless ``analytic`` is an array of ``numeric``'s shape within relative error ``tol``."""
    if not isinstance(analytic, np.ndarray) or analytic.shape != numeric.shape:
        got = analytic.shape if isinstance(analytic, np.ndarray) else type(analytic).__name__
        raise CheckFailed(f"{label}: expected an array of shape {numeric.shape}, got {got}")
    a = analytic.astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise CheckFailed(f"{label}: contains non-finite values")
    rel = np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric))
    i = np.unravel_index(np.argmax(rel), rel.shape)
    if rel[i] > tol:
        raise CheckFailed(f"{label} disagrees with the numerical gradient: relative error {rel[i]:.2g} "
                          f"at index {tuple(int(k) for k in i)} (numerical {numeric[i]:.6g}, yours {a[i]:.6g})")



def loss_and_grads(ctx: Context, fn: str, params: dict, X, y, reg: float, label: str):
    """Call a CS231n-style ``fn(params, X, y, reg) -> (loss, grads)`` and check the kind of result."""
    loss, grads = pair(ctx.run("call", fn, (params, X, y, reg), {}, label=label), label)
    if not isinstance(grads, dict) or set(grads) != set(params):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise CheckFailed(f"{label}: grads must be a dict with keys {sorted(params)}, got {got}")
    return loss, grads


def match_loss_and_grads(ctx: Context, case: int, loss, grads: dict, where: str) -> None:
    """Match a (loss, grads) result against the fixtures ``loss/<case>`` and ``grad/<case>/<name>``."""
    ctx.match(f"loss/{case}", f"loss {where}", loss)
    for name in sorted(grads):
        ctx.match(f"grad/{case}/{name}", f"grads[{name!r}] {where}", grads[name])


def check_param_gradients(ctx: Context, fn: str, params: dict, X, y, reg: float, grads: dict, *,
                          h: float = 1e-6, tol: float = 1e-6) -> None:
    """Every ``grads[name]`` against centered differences of ``fn``'s loss in ``params[name]``."""
    for name in sorted(params):
        variants = [({**params, name: z}, X, y, reg) for z in perturbed(params[name], h)]
        results = ctx.run("call_many", fn, variants, {}, label=f"{fn} with {name} perturbed", watch=False)
        numeric = numerical_from([float(pair(v, fn)[0]) for v in results], params[name].shape, h)
        agree_numerically(f"grads[{name!r}]", grads[name], numeric, tol=tol)


# --- comparisons --------------------------------------------------------------------------------------

def _index(i) -> str:
    return str(tuple(int(k) for k in i)) if len(i) != 1 else f"[{int(i[0])}]"


def compare(actual, expected: np.ndarray, *, rtol: float, atol: float) -> str | None:
    """None when ``actual`` matches ``expected``; otherwise what is wrong, as a sentence.

    Checks, in this order: the kind of value, the shape, the dtype, non-finite entries, the values
    (the largest error, where it is, and the expected and actual values there).
    """
    expected = np.asarray(expected)
    if expected.ndim == 0:                                       # a scalar such as a loss
        if isinstance(actual, np.ndarray) and actual.size == 1:
            actual = actual.reshape(())[()]
        if not isinstance(actual, (int, float, np.integer, np.floating)) or isinstance(actual, bool):
            return f"expected a number, got {_kind(actual)}"
        value = float(actual)
        if not np.isfinite(value):
            return f"is {value}"
        if not np.isclose(value, float(expected), rtol=rtol, atol=atol):
            return f"expected {float(expected):.6g}, got {value:.6g}"
        return None
    if not isinstance(actual, np.ndarray):
        return f"expected a numpy array of shape {expected.shape}, got {_kind(actual)}"
    if actual.shape != expected.shape:
        return f"expected shape {expected.shape}, got {actual.shape}"
    if actual.dtype != expected.dtype:
        return f"expected dtype {expected.dtype} (the dtype of the input), got {actual.dtype}"
    if np.issubdtype(expected.dtype, np.floating):
        bad = ~np.isfinite(actual) & np.isfinite(expected)
        if bad.any():
            i = np.argwhere(bad)[0]
            return f"contains {actual[tuple(i)]} at index {_index(i)} ({int(bad.sum())} non-finite entries)"
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        with np.errstate(invalid="ignore"):
            err = np.abs(a - e)
        err[~np.isfinite(e) & (a == e)] = 0
        tol = atol + rtol * np.abs(e)
        if np.any(err > tol):
            i = np.unravel_index(np.argmax(err - tol), err.shape)
            return (f"largest error {err[i]:.3g} at index {_index(i)}: expected {e[i]:.6g}, got {a[i]:.6g} "
                    f"({int((err > tol).sum())} of {err.size} entries off)")
        return None
    if not np.array_equal(actual, expected):
        i = np.argwhere(actual != expected)[0]
        return f"at index {_index(i)}: expected {expected[tuple(i)]}, got {actual[tuple(i)]}"
    return None


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if value is None:
        return "None (did you forget a return statement?)"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    return f"a {type(value).__name__}"


def pair(value, label: str):
    """Unpack an ``(out, cache)`` or ``(loss, grads)`` pair or fail saying what came instead."""
    if not (isinstance(value, tuple) and len(value) == 2):
        raise CheckFailed(f"{label}: must return a pair (a tuple of 2 items), got {_kind(value)}")
    return value
