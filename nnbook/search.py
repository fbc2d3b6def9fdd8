"""Hyperparameter search: grid, random (Bergstra & Bengio, 2012) and Bayesian (optuna's TPE).

Chapter: Multilayer perceptrons, section "Hyperparameters: search and experiments".

An objective maps a dict of hyperparameters to a score (e.g. the validation accuracy); a space
maps each name to a list of values (grid search) or a distribution (random and Bayesian search).
"""
from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from nnbook import _validate as check

Objective = Callable[[dict], float]
RESERVED = ("score", "time")                        # the keys every trial adds to its parameters


def _number(owner: str, name: str, value) -> float:
    check.number(value, name, owner)
    return value


@dataclass(frozen=True)
class Uniform:
    r""":math:`x \sim U(\mathrm{low}, \mathrm{high})`, a float (dropout rate, momentum)."""
    low: float
    high: float

    def __post_init__(self):
        name = type(self).__name__
        _number(name, "low", self.low), _number(name, "high", self.high)
        if not self.low < self.high:
            raise ValueError(f"{name} needs low < high, got low={self.low}, high={self.high}")

    def sample(self, rng: np.random.Generator) -> float:
        return float(rng.uniform(self.low, self.high))

    def suggest(self, trial, name: str) -> float:
        """The same distribution as an optuna suggestion."""
        return trial.suggest_float(name, self.low, self.high)


@dataclass(frozen=True)
class LogUniform(Uniform):
    r""":math:`\log x \sim U(\log \mathrm{low}, \log \mathrm{high})`: every decade equally likely
    (learning rates, L2 strengths). ``LogUniform(1e-4, 1)`` puts a quarter of its samples in each
    of [1e-4, 1e-3), ..., [0.1, 1], where ``Uniform(1e-4, 1)`` would put 90 % in [0.1, 1]."""

    def __post_init__(self):
        super().__post_init__()
        if self.low <= 0:
            raise ValueError(f"LogUniform needs low > 0 (it samples log x), got low={self.low}")

    def sample(self, rng: np.random.Generator) -> float:
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def suggest(self, trial, name: str) -> float:
        return trial.suggest_float(name, self.low, self.high, log=True)


@dataclass(frozen=True)
class IntUniform:
    """An integer in [low, high], both included, each equally likely (depth, width)."""
    low: int
    high: int

    def __post_init__(self):
        for name in ("low", "high"):
            check.integer(getattr(self, name), name, "IntUniform", low=-2 ** 63, high=2 ** 63 - 2)
        if not self.low < self.high:
            raise ValueError(f"IntUniform needs low < high, got low={self.low}, high={self.high}; "
                             "for a single value use a list, [value]")

    def sample(self, rng: np.random.Generator) -> int:
        return int(rng.integers(self.low, self.high, endpoint=True))

    def suggest(self, trial, name: str) -> int:
        return trial.suggest_int(name, int(self.low), int(self.high))


@dataclass(frozen=True)
class Choice:
    """One of a list of values, each equally likely (activation, optimizer, width)."""
    values: tuple

    def __init__(self, values):
        if isinstance(values, (str, bytes, np.ndarray)) or not hasattr(values, "__iter__"):
            raise TypeError(f"Choice: values must be a list of values, got {values!r:.60}")
        object.__setattr__(self, "values", tuple(values))
        if not self.values:
            raise ValueError("Choice: values must hold at least one value, got an empty list")

    def sample(self, rng: np.random.Generator):
        return self.values[int(rng.integers(len(self.values)))]

    def suggest(self, trial, name: str):
        # optuna stores only None, bool, int, float and str: suggest the index, return the value.
        return self.values[trial.suggest_categorical(name, list(range(len(self.values))))]


Distribution = Uniform | IntUniform | Choice


def _distribution(name: str, value) -> Distribution:
    if isinstance(value, (Uniform, IntUniform, Choice)):
        return value
    if isinstance(value, (list, tuple)):
        return Choice(value)
    raise TypeError(f"search space entry {name!r} must be a list of values or a distribution "
                    f"(LogUniform, Uniform, IntUniform, Choice), got {value!r}")


def _check_space(space: Mapping, where: str) -> None:
    if not isinstance(space, Mapping):
        raise TypeError(f"{where}: the space must be a dict name -> values, got {type(space).__name__}")
    if not space:
        raise ValueError(f"{where}: the search space is empty: give at least one hyperparameter")
    for name in space:
        if name in RESERVED:
            raise ValueError(f"{where}: {name!r} cannot name a hyperparameter: each trial records "
                             f"its {' and '.join(RESERVED)} under those keys; rename it")


def _check_trials(where: str, n_trials) -> int:
    n_trials = check.positive_int(n_trials, "n_trials", where)
    if n_trials > 10 ** 6:
        raise ValueError(f"{where}: n_trials must be at most 10**6 (each trial trains a model), "
                         f"got {n_trials}")
    return n_trials


@dataclass
class SearchResult:
    """The trials of a search, in the order they ran.

    ``trials``: one dict per trial, the hyperparameters plus ``score`` (what the objective
    returned) and ``time`` (its seconds). Trials with a NaN or infinite score (a diverged run)
    are kept in ``trials`` but never ranked. ``maximize`` says which direction is better.
    """
    trials: list[dict] = field(default_factory=list)
    maximize: bool = True
    method: str = ""

    def _ranked(self) -> list[dict]:
        finite = [t for t in self.trials if np.isfinite(t["score"])]
        return sorted(finite, key=lambda t: t["score"], reverse=self.maximize)   # stable: ties keep order

    @property
    def best(self) -> dict:
        """The best trial (the first one, among equally good)."""
        ranked = self._ranked()
        if not ranked:
            raise ValueError(f"no trial produced a finite score ({len(self.trials)} trials)")
        return ranked[0]

    @property
    def best_params(self) -> dict:
        return {k: v for k, v in self.best.items() if k not in RESERVED}

    @property
    def best_score(self) -> float:
        return self.best["score"]

    def to_rows(self) -> list[dict]:
        """The ranked trials, best first, as new dicts (e.g. for ``pandas.DataFrame(rows)``)."""
        return [dict(t) for t in self._ranked()]

    def table(self, top: int = 10) -> str:
        """The best ``top`` trials as a Markdown table, best first; in a notebook:
        ``display(Markdown(result.table()))``."""
        top = check.positive_int(top, "top", "SearchResult.table")
        rows = self.to_rows()[:top]
        if not rows:
            return "(no trials with a finite score)"
        names = [k for k in rows[0] if k not in RESERVED]

        def fmt(v):
            return f"{v:.3g}" if isinstance(v, (float, np.floating)) else str(v)
        lines = ["| rank | " + " | ".join(names) + " | score | seconds |",
                 "|" + "---|" * (len(names) + 3)]
        for i, t in enumerate(rows, 1):
            lines.append(f"| {i} | " + " | ".join(fmt(t[n]) for n in names)
                         + f" | {t['score']:.4f} | {t['time']:.2f} |")
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.trials)

    def __repr__(self) -> str:
        ranked = self._ranked()
        best = f", best score {ranked[0]['score']:.4g}" if ranked else ""
        return f"SearchResult({self.method}, {len(self.trials)} trials{best})"


def _run(objective: Objective, params: dict, result: SearchResult) -> float:
    """Call the objective on a copy of ``params``, record the trial, return its score."""
    start = time.perf_counter()
    score = objective(dict(params))
    try:
        score = float(score)
    except (TypeError, ValueError):
        raise TypeError(f"the objective must return a number (the score), got {score!r} "
                        f"for {params}") from None
    result.trials.append({**params, "score": score, "time": time.perf_counter() - start})
    return score


def grid_search(objective: Objective, space: Mapping[str, list], *, maximize: bool = True) -> SearchResult:
    """Try every combination of the listed values, in order (the last name varies fastest).

    ``space`` maps each name to a list of values; the number of trials is the product of the
    list lengths, so it grows exponentially with the number of hyperparameters.
    """
    check.function(objective, "objective", "grid_search", "a function params -> score")
    maximize = check.flag(maximize, "maximize", "grid_search")
    _check_space(space, "grid_search")
    for name, values in space.items():
        if not isinstance(values, (list, tuple, range, np.ndarray)) or len(values) == 0:
            raise ValueError(f"grid_search: {name!r} needs a non-empty list of values, got {values!r}")
    result = SearchResult(maximize=maximize, method="grid")
    names = list(space)
    for combo in itertools.product(*(space[n] for n in names)):
        _run(objective, dict(zip(names, combo)), result)
    return result


def random_search(objective: Objective, space: Mapping, *, n_trials: int,
                  rng: int | np.random.Generator | None = None, maximize: bool = True) -> SearchResult:
    """Sample ``n_trials`` configurations independently from the space's distributions.

    ``space`` maps each name to a distribution (:class:`LogUniform`, :class:`Uniform`,
    :class:`IntUniform`, :class:`Choice`) or a list (meaning ``Choice``). The same seed ``rng``
    gives the same trials. Unlike a grid, n trials try n different values of *every*
    hyperparameter, which is why random search wins when only a few of them matter
    (Bergstra & Bengio, 2012).
    """
    _check_space(space, "random_search")
    n_trials = _check_trials("random_search", n_trials)
    dists = {name: _distribution(name, v) for name, v in space.items()}
    check.function(objective, "objective", "random_search", "a function params -> score")
    maximize = check.flag(maximize, "maximize", "random_search")
    r = check.rng(rng, "rng", "random_search")
    result = SearchResult(maximize=maximize, method="random")
    for _ in range(n_trials):
        _run(objective, {name: d.sample(r) for name, d in dists.items()}, result)
    return result


def bayesian_search(objective: Objective, space: Mapping, *, n_trials: int, seed: int | None = None,
                    maximize: bool = True) -> SearchResult:
    """Sequential model-based search with optuna's tree-structured Parzen estimator (TPE).

    The first min(5, n_trials) trials are random; each later one models the density l(x) of the
    best trials so far and g(x) of the rest, and tries the candidate with the largest l(x)/g(x)
    (Bergstra et al., 2011). ``space`` as for :func:`random_search`. Deterministic for a given
    ``seed``; needs optuna (``pip install nnbook[search]``).
    """
    check.function(objective, "objective", "bayesian_search", "a function params -> score")
    maximize = check.flag(maximize, "maximize", "bayesian_search")
    seed = None if seed is None else check.seed(seed, "seed", "bayesian_search")
    _check_space(space, "bayesian_search")
    n_trials = _check_trials("bayesian_search", n_trials)
    dists = {name: _distribution(name, v) for name, v in space.items()}
    try:
        import optuna
    except ImportError:
        raise ImportError("bayesian_search needs optuna: pip install optuna "
                          "(or pip install nnbook[search])") from None

    result = SearchResult(maximize=maximize, method="Bayesian (TPE)")
    sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(5, n_trials))
    verbosity = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)       # no line per trial
    try:
        study = optuna.create_study(direction="maximize" if maximize else "minimize", sampler=sampler)
        study.optimize(lambda trial: _run(objective, {n: d.suggest(trial, n) for n, d in dists.items()},
                                          result),
                       n_trials=n_trials)
    finally:
        optuna.logging.set_verbosity(verbosity)
    return result
