"""Hyperparameter search on cheap analytic objectives."""
import numpy as np
import pytest

from nnbook.search import Choice, IntUniform, LogUniform, Uniform, bayesian_search, grid_search, random_search


def bowl(p):
    return -(p["x"] - 3) ** 2 - (np.log10(p["lr"]) + 2) ** 2


SPACE = {"x": Uniform(0, 6), "lr": LogUniform(1e-4, 1)}


def test_grid_search_tries_every_combination_and_finds_the_best():
    result = grid_search(bowl, {"x": [1, 2, 3, 4], "lr": [1e-3, 1e-2, 1e-1]})
    assert len(result.trials) == 12
    assert result.best_params == {"x": 3, "lr": 1e-2} and result.best_score == 0
    assert result.table().splitlines()[2].startswith("| 1 | 3 | 0.01 |")
    assert grid_search(bowl, {"x": [1, 3], "lr": [0.01]}, maximize=False).best_params["x"] == 1


def test_random_search_is_reproducible_and_respects_bounds():
    a = random_search(bowl, {**SPACE, "width": Choice([16, 64]), "depth": IntUniform(1, 3)}, n_trials=200, rng=0)
    b = random_search(bowl, {**SPACE, "width": Choice([16, 64]), "depth": IntUniform(1, 3)}, n_trials=200, rng=0)
    assert [t["x"] for t in a.trials] == [t["x"] for t in b.trials]
    lrs = np.array([t["lr"] for t in a.trials])
    assert lrs.min() >= 1e-4 and lrs.max() <= 1
    decades = np.histogram(np.log10(lrs), bins=[-4, -3, -2, -1, 0])[0]
    assert decades.min() > 30                                   # log-uniform: every decade sampled
    assert {t["width"] for t in a.trials} == {16, 64} and {t["depth"] for t in a.trials} == {1, 2, 3}


def test_bayesian_search_beats_the_median_random_search_and_is_deterministic():
    bayes = bayesian_search(bowl, SPACE, n_trials=30, seed=0)
    again = bayesian_search(bowl, SPACE, n_trials=30, seed=0)
    assert [t["x"] for t in bayes.trials] == [t["x"] for t in again.trials]
    randoms = [random_search(bowl, SPACE, n_trials=30, rng=s).best_score for s in range(9)]
    assert bayes.best_score > np.median(randoms)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="search space is empty"):
        random_search(bowl, {}, n_trials=3)
    with pytest.raises(ValueError, match="low < high, got low=1, high=1"):
        Uniform(1, 1)
    with pytest.raises(ValueError, match="LogUniform needs low > 0"):
        LogUniform(0, 1)
    with pytest.raises(ValueError, match="n_trials must be ≥ 1, got 0"):
        random_search(bowl, SPACE, n_trials=0)
    with pytest.raises(TypeError, match="'x' must be a list of values or a distribution"):
        random_search(bowl, {"x": 3}, n_trials=1)
    with pytest.raises(ValueError, match="non-empty list"):
        grid_search(bowl, {"x": []})
