"""The check framework: exercises, their checks, and messages a student can act on.

A check is a function ``check(ctx)``. It runs student code in the sealed worker through the
context (``ctx.call``, ``ctx.call_many``, ``ctx.layer``, ``ctx.loss``, ``ctx.run``), gets back
plain data, and judges it here, in the grader's process: ``ctx.match`` (against the value the
reference solution gives for the same inputs), ``ctx.require`` (a property that needs no
solution) or the helpers below. Any failure raises :class:`CheckFailed` with one message that says
what came and what was expected. Inputs come from ``ctx.rng(k)``: fixed seeds for the public
checks (whose expected values ship as fixtures), a fresh seed in the autograder's hidden-input
mode (expected values from the solutions run at grading time). The same checks record the
fixtures: in recording mode the student's side is the reference solution and ``ctx.match`` stores
what it sees.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnbook.grading.worker import Outcome, Strided, Worker

PUBLIC_SEED = 2024


class CheckFailed(AssertionError):
    """A check's verdict, with the message the student sees."""


@dataclass
class Check:
    name: str
    run: Callable[[Context], None]
    gate: bool = False           # a correctness check: the exercise's other checks pay only if it passes


KINDS = ("implement", "derive", "debug", "predict")


@dataclass
class Exercise:
    """One exercise, defined once: everything the book, the stubs and the grader say about it.

    ``section`` is the notebook that teaches it, as a path under ``book/`` without suffix
    ("mlp/01_digits"); ``kind`` is one of :data:`KINDS`; ``difficulty`` is 1 to 3 stars;
    ``minutes`` the time a student should expect; ``task`` one or two sentences saying what to
    build (never the answer); ``hints`` two or three, from a nudge to the structure of the answer.
    """
    id: str                      # "1.1"
    title: str                   # "ELU"
    names: tuple[str, ...]       # the functions and classes the student implements (the symbols)
    points: float
    section: str = ""            # "backprop/03_layer_api"
    kind: str = "implement"      # implement, derive, debug or predict
    difficulty: int = 1          # stars, 1 to 3
    minutes: int = 30
    task: str = ""
    hints: tuple[str, ...] = ()
    checks: list[Check] = field(default_factory=list)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"exercise {self.id}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.difficulty not in (1, 2, 3):
            raise ValueError(f"exercise {self.id}: difficulty is 1 to 3 stars, got {self.difficulty!r}")
        self.names, self.hints = tuple(self.names), tuple(self.hints)

    def hint_ref(self, n: int) -> str:
        """A pointer a grader message ends with, for a typical mistake: "see hint 2 of exercise 4.6"."""
        if not 1 <= n <= len(self.hints):
            raise ValueError(f"exercise {self.id} has {len(self.hints)} hints, not a hint {n}")
        return f"see hint {n} of exercise {self.id}"

    @property
    def stars(self) -> str:
        """The difficulty as stars: "★★☆"."""
        return "★" * self.difficulty + "☆" * (3 - self.difficulty)

    @property
    def worth(self) -> str:
        """The points in words: "1 point", "2.5 points"."""
        return f"{self.points:g} point" + ("" if self.points == 1 else "s")

    @property
    def marker(self) -> str:
        """The pytest marker selecting this exercise: "ex1_1"."""
        return "ex" + self.id.replace(".", "_")

    def check(self, name: str, *, gate: bool = False):
        """Decorator adding a check to this exercise (``gate=True``: a check of the computation
        itself, which the exercise's other checks depend on to pay)."""
        def add(fn: Callable[[Context], None]):
            self.checks.append(Check(name, fn, gate))
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
                 seed: int = PUBLIC_SEED, check: int = 0):
        self.worker, self.fixtures, self.exercise, self.seed = worker, fixtures, exercise, seed
        self.check = check                       # the index of the check in exercise.checks
        self._gradients = 0                      # numerical gradients judged so far in it

    def rng(self, *seed: int) -> np.random.Generator:
        """The generator of a check's inputs: the public seed (fixtures apply) or the hidden one."""
        return np.random.default_rng([self.seed, *seed])

    # -- running student code ------------------------------------------------------------------
    def run(self, task: str, *args, label: str, watch: bool = True):
        """Run a worker task; return its value, or fail with a message saying what went wrong."""
        outcome = self.worker.run(task, *args, watch=watch)
        return verdict(outcome, label)

    def call(self, fn: str, *args, label: str | None = None, **kwargs):
        """``fn(*args, **kwargs)`` in the student's module; inputs must come back unchanged."""
        return self.run("call", fn, args, kwargs, label=label or fn)

    def call_many(self, fn: str, arg_list: list[tuple], *, label: str | None = None, **kwargs) -> list:
        """``[fn(*args, **kwargs) for args in arg_list]`` in one call of the worker."""
        return self.run("call_many", fn, arg_list, kwargs, label=label or fn, watch=False)

    def layer(self, cls: str, steps: list[tuple], *, init: tuple = (), init_kwargs: dict | None = None,
              params: dict | None = None, label: str | None = None):
        """Build ``cls(*init, **init_kwargs)`` in the worker, set its parameters to ``params``
        (name -> array), run ``steps`` (see :func:`nnbook.grading.tasks.layer`); return the step
        results and ``{name: (value, grad)}`` of its parameters afterwards."""
        result = self.run("layer", cls, init, init_kwargs or {}, params or {}, steps,
                          label=label or cls)
        if not (type(result) is tuple and len(result) == 2):
            raise CheckFailed(f"{label or cls}: the worker's reply has the wrong form")
        return result

    # -- judging ------------------------------------------------------------------------------------
    def expected(self, key: str) -> np.ndarray:
        full = f"{self.exercise.id}/{key}"
        if full not in self.fixtures:
            raise CheckFailed(f"the grader has no recorded value for {full!r}: the fixtures are out "
                              "of date (instructors: run `make fixtures`)")
        return self.fixtures[full]

    def match(self, key: str, label: str, actual, *, rtol: float = 1e-6, atol: float = 1e-8,
              dtype_of: str | None = None, hint: str | None = None) -> None:
        """``actual`` must equal the value recorded from the solution under ``key``
        (``dtype_of``: where its dtype should come from, for the message, e.g. "the dtype of W";
        ``hint``: what the message ends with when this input catches a typical mistake,
        ``exercise.hint_ref(n)``)."""
        expected = self.expected(key)
        if expected.dtype == np.float32:
            rtol, atol = max(rtol, 1e-4), max(atol, 1e-5)
        problem = compare(actual, expected, rtol=rtol, atol=atol, dtype_of=dtype_of)
        if problem:
            raise CheckFailed(f"{label}: {problem}" + (f"; {hint}" if hint else ""))

    def agree_numerically(self, label: str, analytic, numeric: np.ndarray, *, tol: float = 1e-6) -> None:
        """A gradient judged twice: against ``numeric`` (centered differences of the student's own
        forward pass) and against the reference's gradient for the same inputs (recorded under an
        automatic key: the fixtures for the public inputs, the reference run for hidden ones), so
        that a wrong forward pass with a gradient consistent with it fails too."""
        agree_numerically(label, analytic, numeric, tol=tol)
        self._gradients += 1
        self.match(f"gradient/{self.check}/{self._gradients}", f"{label} (against the reference's gradient)",
                   analytic, rtol=max(tol, 1e-5), atol=1e-8)

    @staticmethod
    def require(condition: bool, message: str) -> None:
        if not condition:
            raise CheckFailed(message)

    def expect_error(self, fn: str, args: tuple, error: str, what: str, *, task: str = "call",
                     task_args: tuple | None = None) -> None:
        """Calling ``fn(*args)`` (or any task) must raise the exception class named ``error``."""
        outcome = self.worker.run(task, *(task_args if task_args is not None else (fn, args, {})),
                                  watch=False)
        if outcome.status == "error" and outcome.error_type == "NotImplementedError":
            raise CheckFailed(f"{fn}: not implemented yet ({outcome.message})")
        if outcome.status == "error" and outcome.error_type == error:
            return
        if outcome.status == "import_error":
            verdict(outcome, fn)
        got = ("it returned normally" if outcome.status == "ok"
               else f"got {outcome.error_type or outcome.status}: {outcome.message}")
        raise CheckFailed(f"{what} should raise {error}; {got}")


class RecordingContext(Context):
    """Recording mode: run the solutions and store every matched value into ``fixtures``."""

    recording = True

    def match(self, key: str, label: str, actual, **_) -> None:
        if isinstance(actual, (float, int, np.floating, np.integer)) and not isinstance(actual, bool):
            self.fixtures[f"{self.exercise.id}/{key}"] = np.array(actual)
            return
        if type(actual) is not np.ndarray:
            raise CheckFailed(f"{label}: the reference gives {kind(actual)}, not an array or a number")
        self.fixtures[f"{self.exercise.id}/{key}"] = actual.copy()


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
            raise CheckFailed(f"{label}: not implemented yet ({outcome.message})")
        raise CheckFailed(f"{label}: raised {outcome.error_type}: {outcome.message}{where}")
    if outcome.status == "import_error":
        where = f" ({outcome.where})" if outcome.where else ""
        what = f"{outcome.error_type}: " if outcome.error_type else ""
        raise CheckFailed(f"could not import your module: {what}{outcome.message}{where}")
    if outcome.status == "skipped":
        raise CheckFailed(outcome.message)
    raise CheckFailed(f"{label}: {outcome.message}")


# --- what came back: kinds, numbers, arrays ----------------------------------------------------------

def kind(value) -> str:
    """``value`` described for a message: "None (did you forget ...)", "a list of 3 items", ..."""
    if type(value) is np.ndarray:
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if value is None:
        return "None (did you forget a return statement?)"
    if type(value) is tuple:
        return f"a tuple of {len(value)} items"
    if type(value) is list:
        return f"a list of {len(value)} items (convert it with np.array?)"
    if type(value) is dict:
        return f"a dict with keys {sorted(value)[:8]}"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"the number {value!r}"
    return f"a {type(value).__name__}"


def number(label: str, value) -> float:
    """A loss or a metric: a Python or numpy scalar (not a bool, not an array), finite."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        hint = " (use float(...) or .item() for a 1-element array)" if type(value) is np.ndarray else ""
        raise CheckFailed(f"{label}: expected a number (a Python float), got {kind(value)}{hint}")
    v = float(value)
    if not np.isfinite(v):
        raise CheckFailed(f"{label}: is {v}")
    return v


def array(label: str, value, shape: tuple | None = None, dtype=None, *,
          dtype_of: str | None = None) -> np.ndarray:
    """``value`` must be a numpy array (of ``shape`` and ``dtype`` when given; ``dtype_of`` says
    where that dtype comes from, for the message)."""
    if type(value) is not np.ndarray:
        want = f"a numpy array of shape {shape}" if shape is not None else "a numpy array"
        raise CheckFailed(f"{label}: expected {want}, got {kind(value)}")
    if shape is not None and value.shape != tuple(shape):
        hint = " (flattened?)" if value.size == int(np.prod(shape)) else ""
        raise CheckFailed(f"{label}: expected shape {tuple(shape)}, got {value.shape}{hint}")
    if dtype is not None and value.dtype != np.dtype(dtype):
        raise CheckFailed(f"{label}: {dtype_problem(value.dtype, np.dtype(dtype), dtype_of)}")
    return value


def pair(value, label: str, n: int = 2, what: str = "a pair"):
    """Unpack a tuple of ``n`` items or fail saying what came instead."""
    if not (type(value) in (tuple, list) and len(value) == n):
        raise CheckFailed(f"{label}: must return {what} (a tuple of {n} items), got {kind(value)}")
    return tuple(value)


# --- numerical gradients ------------------------------------------------------------------------

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


def weighted_sums(label: str, outs: list, dout: np.ndarray) -> list[float]:
    """sum(out * dout) for each output of a perturbed forward pass (each must be an array)."""
    sums = []
    for out in outs:
        sums.append(float(np.sum(array(label, out, dout.shape).astype(np.float64) * dout)))
    return sums


def differences(label: str, outs: list, dout: np.ndarray) -> list[float]:
    """Σ (out(z + h) − out(z − h)) · dout for each pair of perturbed outputs (subtracted before
    summing, so that entries a perturbation leaves alone add no rounding), as numerical_from wants
    them (the second of each pair 0)."""
    outs = [array(label, o, dout.shape).astype(np.float64) for o in outs]
    return [v for plus, minus in zip(outs[::2], outs[1::2]) for v in (float(np.sum((plus - minus) * dout)), 0.0)]


def agree_numerically(label: str, analytic, numeric: np.ndarray, *, tol: float = 1e-6,
                      hint: str | None = None) -> None:
    """Fail unless ``analytic`` is an array of ``numeric``'s shape within relative error ``tol``
    (``hint``: what a disagreement's message ends with, ``exercise.hint_ref(n)``)."""
    a = array(label, analytic, numeric.shape).astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise CheckFailed(f"{label}: contains non-finite values")
    if numeric.size and not np.any(numeric) and not np.any(a):
        # A forward pass that ignores its input agrees with any zero gradient: that proves nothing.
        raise CheckFailed(f"{label}: the forward pass does not change when its input changes (the "
                          "numerical gradient is zero everywhere), so there is nothing to agree with")
    rel = np.abs(a - numeric) / np.maximum(1e-8, np.abs(a) + np.abs(numeric))
    # Differences below 1e-9 are the rounding of centered differences, not a wrong gradient (they
    # matter only where the gradient itself is tiny, which a fresh hidden seed can produce).
    rel[np.abs(a - numeric) < 1e-9] = 0.0
    i = np.unravel_index(np.argmax(rel), rel.shape)
    if rel[i] > tol:
        raise CheckFailed(f"{label} disagrees with the numerical gradient: relative error {rel[i]:.2g} "
                          f"at index {tuple(int(k) for k in i)} (numerical {numeric[i]:.6g}, yours {a[i]:.6g})"
                          + (f"; {hint}" if hint else ""))


def loss_and_grads(ctx: Context, fn: str, params: dict, X, y, reg: float, label: str):
    """Call a CS231n-style ``fn(params, X, y, reg) -> (loss, grads)`` and check the kind of result."""
    loss, grads = pair(ctx.call(fn, params, X, y, reg, label=label), label, what="(loss, grads)")
    if type(grads) is not dict or set(grads) != set(params):
        got = sorted(grads) if type(grads) is dict else kind(grads)
        raise CheckFailed(f"{label}: grads must be a dict with keys {sorted(params)}, got {got}")
    return number(f"loss from {label}", loss), grads


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
        results = ctx.call_many(fn, variants, label=f"{fn} with {name} perturbed")
        losses = [number(f"loss from {fn} with {name} perturbed", pair(v, fn)[0]) for v in results]
        ctx.agree_numerically(f"grads[{name!r}]", grads[name], numerical_from(losses, params[name].shape, h), tol=tol)


# --- comparisons --------------------------------------------------------------------------------------

def _index(i) -> str:
    return str(tuple(int(k) for k in i)) if len(i) != 1 else f"[{int(i[0])}]"


def dtype_problem(actual, expected, dtype_of: str | None = None) -> str:
    """The message for a result of the wrong dtype; the label before it names the term."""
    source = f" ({dtype_of})" if dtype_of else ""
    return f"has dtype {np.dtype(actual)}, expected {np.dtype(expected)}{source}"


def compare(actual, expected: np.ndarray, *, rtol: float, atol: float,
            dtype_of: str | None = None) -> str | None:
    """None when ``actual`` matches ``expected``; otherwise what is wrong, as a sentence.

    Checks, in this order: the kind of value, the shape, the dtype, non-finite entries, the values
    (the largest error, where it is, and the expected and actual values there). A scalar expected
    value asks for a number: a 1-element array is a mistake, named as such.
    """
    expected = np.asarray(expected)
    if expected.ndim == 0:                                       # a scalar such as a loss
        if isinstance(actual, (bool, np.bool_)) or not isinstance(actual, (int, float, np.integer, np.floating)):
            hint = " (use float(...) or .item() for a 1-element array)" if type(actual) is np.ndarray else ""
            return f"expected a number (a Python float), got {kind(actual)}{hint}"
        value = float(actual)
        if not np.isfinite(value) and np.isfinite(float(expected)):
            return f"is {value}"
        if not np.isclose(value, float(expected), rtol=rtol, atol=atol, equal_nan=True):
            return f"expected {float(expected):.6g}, got {value:.6g}"
        return None
    if type(actual) is not np.ndarray:
        return f"expected a numpy array of shape {expected.shape}, got {kind(actual)}"
    if actual.shape != expected.shape:
        hint = " (flattened?)" if actual.size == expected.size else ""
        return f"expected shape {expected.shape}, got {actual.shape}{hint}"
    if actual.dtype != expected.dtype:
        return dtype_problem(actual.dtype, expected.dtype, dtype_of)
    if np.issubdtype(expected.dtype, np.floating):
        bad = ~np.isfinite(actual) & np.isfinite(expected)
        if bad.any():
            i = np.argwhere(bad)[0]
            return f"contains {actual[tuple(i)]} at index {_index(i)} ({int(bad.sum())} non-finite entries)"
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        with np.errstate(invalid="ignore"):
            err = np.abs(a - e)
        err[~np.isfinite(e) & (a == e)] = 0
        err[np.isnan(e) & np.isnan(a)] = 0
        err[np.isnan(err)] = np.inf
        tol = atol + rtol * np.abs(np.where(np.isfinite(e), e, 0))
        if np.any(err > tol):
            i = np.unravel_index(np.argmax(np.where(np.isfinite(err), err - tol, np.inf)), err.shape)
            return (f"largest error {err[i]:.3g} at index {_index(i)}: expected {e[i]:.6g}, got {a[i]:.6g} "
                    f"({int((err > tol).sum())} of {err.size} entries off)")
        return None
    if not np.array_equal(actual, expected):
        i = np.argwhere(actual != expected)[0]
        return f"at index {_index(i)}: expected {expected[tuple(i)]}, got {actual[tuple(i)]}"
    return None


__all__ = ["KINDS", "Chapter", "Check", "CheckFailed", "Context", "Exercise", "RecordingContext", "Strided",
           "agree_numerically", "array", "check_param_gradients", "differences", "compare", "dtype_problem", "kind", "loss_and_grads",
           "match_loss_and_grads", "number", "numerical_from", "pair", "perturbed", "weighted_sums"]
