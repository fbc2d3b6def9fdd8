"""Metrics against sklearn.metrics and hand-made cases."""
import numpy as np
import pytest
from sklearn import metrics as sk

from nnbook.metrics import accuracy, choose_threshold, confusion_matrix, roc_auc, roc_curve


def binary_problem(n=200, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    scores = y + rng.standard_normal(n)
    if ties:
        scores = np.round(scores, 1)
    return y, scores


def test_accuracy_by_hand():
    assert accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
    scores = np.array([[2.0, 1.0], [0.1, 0.3], [5.0, -1.0]])
    assert accuracy(np.array([0, 1, 1]), scores) == pytest.approx(2 / 3)
    assert accuracy(np.array([1.0, 0.0]), np.array([1, 0])) == 1.0      # float labels that are whole


def test_accuracy_matches_sklearn():
    rng = np.random.default_rng(1)
    y, scores = rng.integers(0, 5, 100), rng.standard_normal((100, 5))
    assert accuracy(y, scores) == sk.accuracy_score(y, scores.argmax(axis=1))


@pytest.mark.parametrize("call,match", [
    (lambda: accuracy([0, 1, 2], [0, 1]), r"same length N, got 3 and 2"),
    (lambda: accuracy([0, 1], np.zeros((3, 2))), r"same length N, got 2 and 3"),
    (lambda: accuracy([], []), r"no samples"),
    (lambda: accuracy([0.5, 1], [0, 1]), r"integer class labels"),
    (lambda: accuracy([0, 1], np.zeros((2, 2, 2))), r"\(N,\) or scores \(N, C\)"),
])
def test_accuracy_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_confusion_matrix_by_hand():
    cm = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2])
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert cm.dtype == np.int64
    cm = confusion_matrix([0, 1], [1, 1], num_classes=4)        # unseen classes get rows
    assert cm.shape == (4, 4) and cm.sum() == 2 and cm[0, 1] == cm[1, 1] == 1


@pytest.mark.parametrize("C", [2, 3, 10])
def test_confusion_matrix_matches_sklearn(C):
    rng = np.random.default_rng(C)
    y, pred = rng.integers(0, C, 500), rng.integers(0, C, 500)
    np.testing.assert_array_equal(confusion_matrix(y, pred, num_classes=C),
                                  sk.confusion_matrix(y, pred, labels=np.arange(C)))


@pytest.mark.parametrize("call,match", [
    (lambda: confusion_matrix([0, 3], [0, 1], num_classes=3),
     r"y_true\[1\] = 3 is out of range for num_classes=3 \(labels must be in \[0, 2\]\)"),
    (lambda: confusion_matrix([0, 1], [0, -1]), r"y_pred\[1\] = -1 is out of range"),
    (lambda: confusion_matrix([0, 1, 1], [0, 1]), r"same length N, got 3 and 2"),
    (lambda: confusion_matrix([0, 1], [0, 1], num_classes=0), r"num_classes must be a positive"),
    (lambda: confusion_matrix(np.zeros((2, 2), int), [0, 1]), r"1-D array"),
])
def test_confusion_matrix_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("ties", [False, True])
def test_roc_matches_sklearn(ties):
    y, scores = binary_problem(ties=ties)
    fpr, tpr, thr = roc_curve(y, scores)
    efpr, etpr, ethr = sk.roc_curve(y, scores)
    np.testing.assert_array_equal(fpr, efpr)
    np.testing.assert_array_equal(tpr, etpr)
    np.testing.assert_array_equal(thr, ethr)
    assert roc_auc(y, scores) == sk.roc_auc_score(y, scores)
    assert roc_auc(y, scores[:, None]) == roc_auc(y, scores)      # (N, 1) accepted


def test_roc_auc_by_hand():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert roc_auc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]) == 0.0
    assert roc_auc([0, 1], [0.5, 0.5]) == 0.5                     # a tie counts 1/2
    assert roc_auc([0, 0, 1, 1], [0.1, 0.35, 0.3, 0.4]) == 0.75


@pytest.mark.parametrize("call,match", [
    (lambda: roc_auc([1, 1, 1], [0.1, 0.2, 0.3]), r"needs both classes"),
    (lambda: roc_auc([0, 1, 2], [0.1, 0.2, 0.3]), r"binary labels 0/1"),
    (lambda: roc_curve([0, 1], [0.1, 0.2, 0.3]), r"same length N, got 2 and 3"),
    (lambda: roc_curve([0, 1], np.zeros((2, 2))), r"scores\[:, 1\]"),
    (lambda: roc_auc([0, 1], [0.1, np.nan]), r"NaN"),
])
def test_roc_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def brute_force(y, scores, value):
    """The best candidate threshold by trying every one (largest on ties)."""
    candidates = np.concatenate([[np.inf], np.unique(scores)[::-1]])
    values = [value(y, scores >= t) for t in candidates]
    return candidates[int(np.argmax(values))]


def youden(y, pred):
    return np.mean(pred[y == 1]) - np.mean(pred[y == 0])


def acc(y, pred):
    return np.mean(pred == y)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("ties", [False, True])
def test_choose_threshold_matches_brute_force(seed, ties):
    y, scores = binary_problem(n=60, seed=seed, ties=ties)
    assert choose_threshold(y, scores) == brute_force(y, scores, youden)
    assert choose_threshold(y, scores, method="max_accuracy") == brute_force(y, scores, acc)
    for r in (0.5, 0.9, 1.0):
        t = choose_threshold(y, scores, method=("target_tpr", r))
        tpr = np.mean(scores[y == 1] >= t)
        assert tpr >= r
        larger = scores[scores > t]                  # any larger threshold misses the target
        if larger.size:
            assert np.mean(scores[y == 1] >= larger.min()) < r


def test_choose_threshold_by_hand():
    y = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    s = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    # J(0.6) = 3/4 - 0 and J(0.4) = 1 - 1/4 tie: the larger threshold wins; both get 7 of 8 right
    assert choose_threshold(y, s) == 0.6
    assert choose_threshold(y, s, method="max_accuracy") == 0.6
    y2, s2 = np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    assert choose_threshold(y2, s2) == 0.3                                 # J = 1 - 1/3
    assert choose_threshold(y2, s2, method="max_accuracy") == 0.3          # 5 of 6 right
    assert choose_threshold(y, s, method=("target_tpr", 1.0)) == 0.4
    assert choose_threshold(y, s, method=("target_tpr", 0.5)) == 0.7
    # rare positives: predicting nothing positive is the most accurate
    assert choose_threshold([0, 0, 0, 1], [0.9, 0.1, 0.2, 0.5], method="max_accuracy") == np.inf


@pytest.mark.parametrize("method,match", [
    ("f1", r"method must be 'youden', 'max_accuracy' or \('target_tpr', r\), got 'f1'"),
    (("target_tpr", 1.5), r"target TPR r of \('target_tpr', r\) must be a finite number in \(0, 1\], got 1.5"),
    (("target_fpr", 0.1), r"got \('target_fpr', 0.1\)"),
])
def test_choose_threshold_errors(method, match):
    y, scores = binary_problem(n=20)
    with pytest.raises(ValueError, match=match):
        choose_threshold(y, scores, method=method)
