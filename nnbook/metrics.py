r"""Classification metrics: accuracy, the confusion matrix, ROC curves and decision thresholds.

Chapter: Evaluating classifiers.

Shapes: N samples, C classes. Labels are integers in [0, C); for the binary metrics
(ROC, thresholds) they are 0/1 and ``scores`` are any real numbers where larger means "more
likely positive" (logits or probabilities). A sample is predicted positive when
``score >= threshold``, scikit-learn's convention.
"""
from __future__ import annotations

import numpy as np

from nnbook import _validate as check


def _labels(y, name: str, where: str) -> np.ndarray:
    y = check.array(y, name, where)
    if y.ndim != 1:
        raise ValueError(f"{where}: {name} must be a 1-D array of labels (N,), got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) and y.dtype != bool:
        if np.issubdtype(y.dtype, np.floating) and np.all(y == np.round(y)):   # NaN fails this
            return y.astype(np.int64)
        raise ValueError(f"{where}: {name} must hold integer class labels, got dtype {y.dtype}"
                         + (" with non-integer values" if y.dtype.kind == "f" else ""))
    if y.size and y.min() < 0:
        i = int(np.argmax(y < 0))
        raise ValueError(f"{where}: {name}[{i}] = {y[i]} is out of range: class labels are 0, ..., C-1")
    return y.astype(np.int64)


def _same_length(a: np.ndarray, b: np.ndarray, names: str, where: str) -> None:
    if len(a) != len(b):
        raise ValueError(f"{where}: {names} must have the same length N, got {len(a)} and {len(b)}")
    if len(a) == 0:
        raise ValueError(f"{where}: got no samples (N = 0)")


def accuracy(y_true: np.ndarray, y_pred_or_scores: np.ndarray) -> float:
    r"""Fraction of correct predictions, :math:`\frac1N\sum_n [\hat y_n = y_n]`.

    Parameters
    ----------
    y_true : (N,) integer labels.
    y_pred_or_scores : (N,) predicted labels, or (N, C) scores (logits or probabilities) with
        C ≥ 2, for which the prediction is :math:`\hat y_n = \arg\max_j s_{nj}`. One score per
        sample, (N, 1), is refused: whether its threshold is 0 (a logit) or 0.5 (a probability)
        is the caller's to say.
    """
    y_true = _labels(y_true, "y_true", "accuracy")
    pred = check.array(y_pred_or_scores, "y_pred_or_scores", "accuracy")
    if pred.ndim == 2:
        if pred.shape[1] == 1:
            raise ValueError("accuracy: y_pred_or_scores has one score per sample, shape "
                             f"{pred.shape}; an argmax over one column is always 0. Pass the "
                             "predicted labels: (scores[:, 0] > 0) for logits, (p[:, 0] >= 0.5) "
                             "for probabilities")
        C = pred.shape[1]
        pred = check.array(pred, "y_pred_or_scores", "accuracy", kind="float", finite=True,
                           dtype=np.float64).argmax(axis=1)
        if y_true.size and y_true.max() >= C:
            i = int(np.argmax(y_true >= C))
            raise ValueError(f"accuracy: y_true[{i}] = {y_true[i]} is out of range for scores of "
                             f"{C} classes (labels must be in [0, {C - 1}])")
    elif pred.ndim == 1:
        pred = _labels(pred, "y_pred_or_scores", "accuracy")
    else:
        raise ValueError(f"accuracy: y_pred_or_scores must be predictions (N,) or scores (N, C), "
                         f"got shape {pred.shape}")
    _same_length(y_true, pred, "y_true and y_pred_or_scores", "accuracy")
    return float(np.mean(pred == y_true))


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, *,
                     num_classes: int | None = None) -> np.ndarray:
    r"""Counts :math:`M_{ij} = \#\{n : y_n = i,\ \hat y_n = j\}`: rows are the true class,
    columns the predicted class, so the diagonal holds the correct predictions.

    Parameters
    ----------
    y_true, y_pred : (N,) integer labels in [0, C).
    num_classes : C; by default the largest label + 1 (pass it so that a class that never
        occurs still gets its row and column).

    Returns an int64 array (C, C) whose entries sum to N. Computed in one ``np.bincount`` of
    the pair index :math:`C y_n + \hat y_n`.
    """
    y_true = _labels(y_true, "y_true", "confusion_matrix")
    y_pred = _labels(y_pred, "y_pred", "confusion_matrix")
    _same_length(y_true, y_pred, "y_true and y_pred", "confusion_matrix")
    if num_classes is None:
        C = int(max(y_true.max(), y_pred.max())) + 1
    else:
        C = check.positive_int(num_classes, "num_classes", "confusion_matrix")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        bad = np.flatnonzero((y < 0) | (y >= C))
        if bad.size:
            i = bad[0]
            raise ValueError(f"confusion_matrix: {name}[{i}] = {y[i]} is out of range for "
                             f"num_classes={C} (labels must be in [0, {C - 1}])")
    return np.bincount(C * y_true + y_pred, minlength=C * C).reshape(C, C)


def _binary(y_true, scores, where: str) -> tuple[np.ndarray, np.ndarray]:
    y_true = _labels(y_true, "y_true", where)
    scores = check.array(scores, "scores", where, kind="float", dtype=np.float64)
    if scores.ndim == 2 and scores.shape[1] == 1:
        scores = scores[:, 0]
    if scores.ndim != 1:
        raise ValueError(f"{where} expects one score per sample, (N,) or (N, 1), got shape "
                         f"{scores.shape}; for (N, 2) class scores pass the positive column "
                         "scores[:, 1]")
    _same_length(y_true, scores, "y_true and scores", where)
    if np.any((y_true != 0) & (y_true != 1)):
        raise ValueError(f"{where}: y_true must hold binary labels 0/1, got the values {np.unique(y_true)}")
    if y_true.min() == y_true.max():
        raise ValueError(f"{where} needs both classes in y_true (the ROC curve divides by the "
                         f"number of positives and of negatives); all labels are {y_true[0]}")
    if not np.all(np.isfinite(scores)):
        raise ValueError(f"{where}: scores contain NaN or infinity")
    return y_true, scores


def roc_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The ROC curve: for each threshold τ (decreasing), the false- and true-positive rates

    .. math:: \mathrm{FPR}(\tau) = \frac{\#\{n: y_n = 0,\ s_n \ge \tau\}}{\#\{y = 0\}}, \qquad
              \mathrm{TPR}(\tau) = \frac{\#\{n: y_n = 1,\ s_n \ge \tau\}}{\#\{y = 1\}}.

    Parameters
    ----------
    y_true : (N,) labels 0/1, both present.
    scores : (N,) scores, larger = more positive.

    Returns ``(fpr, tpr, thresholds)``, each (K,), from ``sklearn.metrics.roc_curve`` (which
    drops the points on straight segments); the first threshold is +∞, the point (0, 0).
    """
    from sklearn.metrics import roc_curve as sk_roc_curve

    y_true, scores = _binary(y_true, scores, "roc_curve")
    fpr, tpr, thresholds = sk_roc_curve(y_true, scores)
    return fpr, tpr, thresholds


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    r"""Area under the ROC curve: the probability that a random positive scores higher than a
    random negative (ties count 1/2),
    :math:`\mathrm{AUC} = P(s^+ > s^-) + \tfrac12 P(s^+ = s^-)`. Via
    ``sklearn.metrics.roc_auc_score``. Shapes as in :func:`roc_curve`."""
    from sklearn.metrics import roc_auc_score

    y_true, scores = _binary(y_true, scores, "roc_auc")
    return float(roc_auc_score(y_true, scores))


def choose_threshold(y_true: np.ndarray, scores: np.ndarray, *,
                     method: str | tuple[str, float] = "youden") -> float:
    r"""A decision threshold τ (predict positive when :math:`s \ge \tau`), chosen on labelled data.

    Over the candidate thresholds τ (every distinct score, and +∞):

    * ``"youden"``: maximise Youden's :math:`J(\tau) = \mathrm{TPR}(\tau) - \mathrm{FPR}(\tau)`,
      the point of the ROC curve farthest above the diagonal.
    * ``"max_accuracy"``: maximise
      :math:`\mathrm{acc}(\tau) = \big(P\,\mathrm{TPR}(\tau) + N_0 (1 - \mathrm{FPR}(\tau))\big)/N`
      with P positives and :math:`N_0` negatives.
    * ``("target_tpr", r)``: the largest τ with :math:`\mathrm{TPR}(\tau) \ge r` — the fewest
      false positives among the thresholds that find a fraction r of the positives.

    Ties go to the largest threshold. Choose τ on validation data, not on the test set.

    Parameters
    ----------
    y_true : (N,) labels 0/1, both present.
    scores : (N,) scores.
    method : one of the above.
    """
    from sklearn.metrics import roc_curve as sk_roc_curve

    target = None
    if isinstance(method, tuple):
        if len(method) != 2 or method[0] != "target_tpr":
            raise ValueError(f"choose_threshold: method must be 'youden', 'max_accuracy' or "
                             f"('target_tpr', r), got {method!r}")
        target = check.number(method[1], "the target TPR r of ('target_tpr', r)", "choose_threshold",
                              low=0, high=1, low_open=True)
    elif not isinstance(method, str) or method not in ("youden", "max_accuracy"):
        raise (ValueError if isinstance(method, str) else TypeError)(
            f"choose_threshold: method must be 'youden', 'max_accuracy' or ('target_tpr', r), "
            f"got {method!r}")
    y_true, scores = _binary(y_true, scores, "choose_threshold")
    # every distinct score is a candidate: keep all points of the curve
    fpr, tpr, thresholds = sk_roc_curve(y_true, scores, drop_intermediate=False)
    if target is not None:
        # tpr is non-decreasing as the threshold decreases: the first index reaching r
        i = int(np.argmax(tpr >= target - 1e-12))
    elif method == "youden":
        i = int(np.argmax(tpr - fpr))            # argmax takes the first = largest threshold
    else:
        P = int(y_true.sum())
        N0 = len(y_true) - P
        correct = P * tpr + N0 * (1 - fpr)       # counts; exact up to rounding of the rates
        i = int(np.argmax(np.round(correct, 6)))
    return float(thresholds[i])
