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

Objective = Callable[[dict], float]


@dataclass(frozen=True)
class Uniform:
    """x ~ U(low, high)."""
    low: float
    high: float

    def __post_init__(self):
        if not self.low < self.high:
            raise ValueError(f"{type(self).__name__} needs low < high, got low={self.low}, high={self.high}")

    def sample(self, rng: np.random.Generator):
        return float(rng.uniform(self.low, self.high))

    def suggest(self, trial, name: str):
        return trial.suggest_float(name, self.low, self.high)


@dataclass(frozen=True)
class LogUniform(Uniform):
    """log x ~ U(log low, log high): every decade equally likely (learning rates, L2 strengths)."""

    def __post_init__(self):
        super().__post_init__()
        if self.low <= 0:
            raise ValueError(f"LogUniform needs low > 0, got {self.low}")

    def sample(self, rng: np.random.Generator):
        return float(math.exp(rng.uniform(math.log(self.low), math.log(self.high))))

    def suggest(self, trial, name: str):
        return trial.suggest_float(name, self.low, self.high, log=True)


@dataclass(frozen=True)
class IntUniform:
    """An integer in [low, high], each equally likely."""
    low: int
    high: int

    def __post_init__(self):
        if not self.low <= self.high:
            raise ValueError(f"IntUniform needs low ≤ high, got low={self.low}, high={self.high}")

    def sample(self, rng: np.random.Generator):
        return int(rng.integers(self.low, self.high + 1))

    def suggest(self, trial, name: str):
        return trial.suggest_int(name, self.low, self.high)


@dataclass(frozen=True)
class Choice:
    """One of a list of values, each equally likely."""
    values: tuple

    def __init__(self, values):
        object.__setattr__(self, "values", tuple(values))
        if not self.values:
            raise ValueError("Choice needs at least one value")

    def sample(self, rng: np.random.Generator):
        return self.values[int(rng.integers(len(self.values)))]

    def suggest(self, trial, name: str):
        return self.values[trial.suggest_categorical(name, list(range(len(self.values))))]


def _distribution(name: str, value):
    if isinstance(value, (Uniform, IntUniform, Choice)):
        return value
    if isinstance(value, (list, tuple)):
        return Choice(value)
    raise TypeError(f"search space entry {name!r} must be a list of values or a distribution "
                    f"(LogUniform, Uniform, IntUniform, Choice), got {value!r}")


def _check_space(space: Mapping) -> None:
    if not space:
        raise ValueError("the search space is empty: give at least one hyperparameter")


@dataclass
class SearchResult:
    """The trials of a search, in the order they ran; each a dict of the parameters, ``score`` and ``time``."""
    trials: list[dict] = field(default_factory=list)
    maximize: bool = True
    method: str = ""

    def _ranked(self) -> list[dict]:
        finite = [t for t in self.trials if np.isfinite(t["score"])]
        return sorted(finite, key=lambda t: t["score"], reverse=self.maximize)

    @property
    def best(self) -> dict:
        ranked = self._ranked()
        if not ranked:
            raise ValueError("no trial produced a finite score")
        return ranked[0]

    @property
    def best_params(self) -> dict:
        return {k: v for k, v in self.best.items() if k not in ("score", "time")}

    @property
    def best_score(self) -> float:
        return self.best["score"]

    def to_rows(self) -> list[dict]:
        return [dict(t) for t in self._ranked()]

    def table(self, top: int = 10) -> str:
        """The best ``top`` trials as a Markdown table, best first."""
        rows = self.to_rows()[:top]
        if not rows:
            return "(no trials)"
        names = [k for k in rows[0] if k not in ("score", "time")]

        def fmt(v):
            return f"{v:.3g}" if isinstance(v, float) else str(v)
        lines = ["| rank | " + " | ".join(names) + " | score | seconds |",
                 "|" + "---|" * (len(names) + 3)]
        for i, t in enumerate(rows, 1):
            lines.append(f"| {i} | " + " | ".join(fmt(t[n]) for n in names)
                         + f" | {t['score']:.4f} | {t['time']:.2f} |")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SearchResult({self.method}, {len(self.trials)} trials, best {self.best_score:.4g})"


def _run(objective: Objective, params: dict, result: SearchResult) -> float:
    start = time.perf_counter()
    score = float(objective(dict(params)))
    result.trials.append({**params, "score": score, "time": time.perf_counter() - start})
    return score


def grid_search(objective: Objective, space: Mapping[str, list], *, maximize: bool = True) -> SearchResult:
    """Try every combination of the listed values."""
    _check_space(space)
    for name, values in space.items():
        if not isinstance(values, (list, tuple)) or not values:
            raise ValueError(f"grid_search: {name!r} needs a non-empty list of values, got {values!r}")
    result = SearchResult(maximize=maximize, method="grid")
    names = list(space)
    for combo in itertools.product(*(space[n] for n in names)):
        _run(objective, dict(zip(names, combo)), result)
    return result


def random_search(objective: Objective, space: Mapping, *, n_trials: int,
                  rng: int | np.random.Generator | None = None, maximize: bool = True) -> SearchResult:
    """Sample ``n_trials`` configurations independently from the space's distributions."""
    _check_space(space)
    if n_trials < 1:
        raise ValueError(f"random_search: n_trials must be ≥ 1, got {n_trials}")
    dists = {name: _distribution(name, v) for name, v in space.items()}
    r = np.random.default_rng(rng)
    result = SearchResult(maximize=maximize, method="random")
    for _ in range(n_trials):
        _run(objective, {name: d.sample(r) for name, d in dists.items()}, result)
    return result


def bayesian_search(objective: Objective, space: Mapping, *, n_trials: int, seed: int | None = None,
                    maximize: bool = True) -> SearchResult:
    """Sequential model-based search with optuna's tree-structured Parzen estimator (TPE).

    The first trials are random; later ones are proposed where the model of "good" trials is
    dense relative to "bad" ones. Deterministic for a given ``seed``.
    """
    import optuna

    _check_space(space)
    if n_trials < 1:
        raise ValueError(f"bayesian_search: n_trials must be ≥ 1, got {n_trials}")
    dists = {name: _distribution(name, v) for name, v in space.items()}
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    result = SearchResult(maximize=maximize, method="Bayesian (TPE)")
    study = optuna.create_study(direction="maximize" if maximize else "minimize",
                                sampler=optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(5, n_trials)))
    study.optimize(lambda trial: _run(objective, {n: d.suggest(trial, n) for n, d in dists.items()}, result),
                   n_trials=n_trials)
    return result
