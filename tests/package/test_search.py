"""Hyperparameter search on cheap analytic objectives, with known optima."""
import logging

import numpy as np
import pytest

from nnbook.search import (Choice, IntUniform, LogUniform, SearchResult, Uniform, bayesian_search,
                           grid_search, random_search)


def bowl(p):
    """Best (score 0) at x = 3, lr = 1e-2."""
    return -(p["x"] - 3) ** 2 - (np.log10(p["lr"]) + 2) ** 2


SPACE = {"x": Uniform(0, 6), "lr": LogUniform(1e-4, 1)}
MIXED = {**SPACE, "width": Choice([16, 64]), "depth": IntUniform(1, 3), "act": ["relu", "tanh"]}


# -- grid search ---------------------------------------------------------------------------------
def test_grid_search_tries_every_combination_and_finds_the_best():
    result = grid_search(bowl, {"x": [1, 2, 3, 4], "lr": [1e-3, 1e-2, 1e-1]})
    assert len(result.trials) == 12 and len(result) == 12
    assert [(t["x"], t["lr"]) for t in result.trials[:4]] == [(1, 1e-3), (1, 1e-2), (1, 1e-1), (2, 1e-3)]
    assert result.best_params == {"x": 3, "lr": 1e-2} and result.best_score == 0
    assert set(result.trials[0]) == {"x", "lr", "score", "time"} and result.trials[0]["time"] >= 0
    assert grid_search(bowl, {"x": [1, 3], "lr": [0.01]}, maximize=False).best_params["x"] == 1


def test_table_and_rows_are_sorted_best_first():
    result = grid_search(bowl, {"x": [1, 2, 3, 4], "lr": [1e-3, 1e-2, 1e-1]})
    lines = result.table(top=3).splitlines()
    assert lines[0] == "| rank | x | lr | score | seconds |" and lines[1] == "|---|---|---|---|---|"
    assert lines[2].startswith("| 1 | 3 | 0.01 | 0.0000 |") and len(lines) == 5
    scores = [row["score"] for row in result.to_rows()]
    assert scores == sorted(scores, reverse=True) and len(scores) == 12
    minimized = grid_search(bowl, {"x": [1, 3], "lr": [0.01]}, maximize=False)
    assert [r["score"] for r in minimized.to_rows()] == [-4, 0]
    with pytest.raises(ValueError, match=r"top must be a positive integer \(1, 2, ...\), got 0"):
        result.table(top=0)


def test_trials_with_nan_scores_are_kept_but_never_best():
    result = grid_search(lambda p: np.nan if p["x"] == 3 else -abs(p["x"] - 3), {"x": [1, 3, 4]})
    assert len(result.trials) == 3 and result.best_params == {"x": 4} and len(result.to_rows()) == 2
    empty = SearchResult(trials=[{"x": 1, "score": np.nan, "time": 0.0}])
    assert "(no trials" in empty.table() and "1 trials" in repr(empty)
    with pytest.raises(ValueError, match="no trial produced a finite score"):
        empty.best_params


# -- random search -------------------------------------------------------------------------------
def test_random_search_is_reproducible():
    a = random_search(bowl, MIXED, n_trials=50, rng=0)
    b = random_search(bowl, MIXED, n_trials=50, rng=np.random.default_rng(0))
    c = random_search(bowl, MIXED, n_trials=50, rng=1)
    assert [{k: t[k] for k in MIXED} for t in a.trials] == [{k: t[k] for k in MIXED} for t in b.trials]
    assert [t["x"] for t in a.trials] != [t["x"] for t in c.trials]


def test_random_search_respects_bounds_and_log_uniform_spans_decades():
    a = random_search(bowl, MIXED, n_trials=400, rng=0)
    xs, lrs = np.array([t["x"] for t in a.trials]), np.array([t["lr"] for t in a.trials])
    assert xs.min() >= 0 and xs.max() <= 6
    assert lrs.min() >= 1e-4 and lrs.max() <= 1
    decades = np.histogram(np.log10(lrs), bins=[-4, -3, -2, -1, 0])[0]
    assert decades.min() > 70, decades                          # log-uniform: ~100 per decade
    assert {t["width"] for t in a.trials} == {16, 64} and {t["depth"] for t in a.trials} == {1, 2, 3}
    assert {t["act"] for t in a.trials} == {"relu", "tanh"}      # a list means Choice
    assert all(isinstance(t["depth"], int) and isinstance(t["x"], float) for t in a.trials)


def test_random_search_objective_gets_a_copy_and_must_return_a_number():
    seen = []
    random_search(lambda p: seen.append(p) or p.pop("x"), SPACE, n_trials=2, rng=0)
    with pytest.raises(TypeError, match="objective must return a number"):
        random_search(lambda p: "good", SPACE, n_trials=1, rng=0)


# -- Bayesian search -----------------------------------------------------------------------------
def test_bayesian_search_is_deterministic_and_respects_bounds():
    bayes = bayesian_search(bowl, MIXED, n_trials=20, seed=0)
    again = bayesian_search(bowl, MIXED, n_trials=20, seed=0)
    assert [t["x"] for t in bayes.trials] == [t["x"] for t in again.trials]
    assert all(0 <= t["x"] <= 6 and 1e-4 <= t["lr"] <= 1 and t["depth"] in (1, 2, 3)
               and t["width"] in (16, 64) and t["act"] in ("relu", "tanh") for t in bayes.trials)
    assert bayesian_search(bowl, {"x": [1, 3, 5], "lr": [1e-2]}, n_trials=12, seed=0,
                           maximize=False).best_params["x"] in (1, 5)


def test_bayesian_search_beats_the_median_random_search():
    """30 trials on a 2-D quadratic: TPE's typical best beats random search's typical best."""
    bayes = [bayesian_search(bowl, SPACE, n_trials=30, seed=s).best_score for s in range(5)]
    randoms = [random_search(bowl, SPACE, n_trials=30, rng=s).best_score for s in range(20)]
    assert np.median(bayes) > np.median(randoms), (bayes, randoms)


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_bayesian_search_is_quiet_and_leaves_optunas_logging_as_it_was():
    import optuna

    records, logger = Records(), logging.getLogger("optuna")   # optuna's own logger does not propagate
    logger.addHandler(records)
    before = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.INFO)
    try:
        optuna.create_study().optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        assert any("Trial 0 finished" in m for m in records.messages)     # the check can see trials
        records.messages.clear()
        bayesian_search(bowl, SPACE, n_trials=3, seed=0)
        assert records.messages == []
        assert optuna.logging.get_verbosity() == optuna.logging.INFO
    finally:
        logger.removeHandler(records)
        optuna.logging.set_verbosity(before)


def test_choice_values_optuna_cannot_store_still_work():
    configs = [{"lr": 0.1}, {"lr": 0.01}]
    result = bayesian_search(lambda p: -p["opt"]["lr"], {"opt": Choice(configs)}, n_trials=6, seed=0)
    assert result.best_params == {"opt": {"lr": 0.01}}


# -- errors ----------------------------------------------------------------------------------------
def test_errors_name_the_problem():
    for search, kwargs in ((random_search, {"n_trials": 3}), (bayesian_search, {"n_trials": 3}),
                           (grid_search, {})):
        with pytest.raises(ValueError, match="search space is empty"):
            search(bowl, {}, **kwargs)
    with pytest.raises(ValueError, match="low < high, got low=1, high=1"):
        Uniform(1, 1)
    with pytest.raises(ValueError, match="LogUniform needs low < high, got low=0.1, high=0.01"):
        LogUniform(0.1, 0.01)
    with pytest.raises(ValueError, match="LogUniform needs low > 0"):
        LogUniform(0, 1)
    with pytest.raises(ValueError, match="high must be a finite number, got inf"):
        Uniform(0, float("inf"))
    with pytest.raises(ValueError, match="IntUniform needs low < high, got low=3, high=2"):
        IntUniform(3, 2)
    with pytest.raises(TypeError, match=r"IntUniform: high must be an integer in .* got 2.5"):
        IntUniform(1, 2.5)
    with pytest.raises(ValueError, match="at least one value"):
        Choice([])
    for search in (random_search, bayesian_search):
        with pytest.raises(ValueError, match=r"n_trials must be a positive integer \(1, 2, ...\), got 0"):
            search(bowl, SPACE, n_trials=0)
        with pytest.raises(TypeError, match=r"n_trials must be a positive integer \(1, 2, ...\), got 2.5"):
            search(bowl, SPACE, n_trials=2.5)
    with pytest.raises(TypeError, match="'x' must be a list of values or a distribution"):
        random_search(bowl, {"x": 3}, n_trials=1)
    with pytest.raises(ValueError, match="'x' needs a non-empty list"):
        grid_search(bowl, {"x": []})
    with pytest.raises(ValueError, match="'score' cannot name a hyperparameter"):
        grid_search(bowl, {"score": [1]})
