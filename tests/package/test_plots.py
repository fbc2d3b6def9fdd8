"""Every plot draws what it promises and refuses data of the wrong shape."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import plots  # noqa: E402
from nnbook.schedules import cosine  # noqa: E402

HISTORY = {"epoch": [1, 2, 3], "train_loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6],
           "train_acc": [0.5, 0.8, 0.9], "val_acc": [0.4, 0.7, 0.8], "lr": [0.1, 0.05, 0.01]}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_history_has_a_panel_per_metric_with_two_curves():
    axes = plots.plot_history(HISTORY)
    assert len(axes) == 2 and all(len(ax.get_lines()) == 2 for ax in axes)
    assert axes[0].get_title() == "Loss per epoch" and axes[1].get_ylabel() == "accuracy"
    no_val = {**HISTORY, "val_loss": [], "val_acc": [np.nan] * 3}
    assert all(len(ax.get_lines()) == 1 for ax in plots.plot_history(no_val))


def test_histories_and_learning_rates():
    ax = plots.plot_histories({"a": HISTORY, "b": HISTORY}, metric="train_loss")
    assert len(ax.get_lines()) == 2 and ax.get_title() == "Training loss"
    with pytest.raises(ValueError, match="has no 'val_f1'"):
        plots.plot_histories({"a": HISTORY}, metric="val_f1")
    ax = plots.plot_lr(cosine(0.1, total=10), epochs=10)
    assert len(ax.get_lines()[0].get_xdata()) == 10
    assert plots.plot_lr(HISTORY).get_lines()[0].get_ydata().tolist() == [0.1, 0.05, 0.01]
    with pytest.raises(ValueError, match="epochs="):
        plots.plot_lr(cosine(0.1, total=10))


def test_decision_boundary():
    X = np.random.default_rng(0).standard_normal((50, 2))
    y = (X[:, 0] > 0).astype(int)
    ax = plots.plot_decision_boundary(lambda Z: (Z[:, 0] > 0).astype(int), X, y, resolution=50)
    assert len(ax.collections) >= 2 and ax.get_title() == "Decision boundary"
    ax = plots.plot_decision_boundary(lambda Z: 1 / (1 + np.exp(-Z[:, 0])), X, y, proba=True, resolution=50)
    with pytest.raises(ValueError, match=r"shape \(N, 2\), got \(50, 3\)"):
        plots.plot_decision_boundary(lambda Z: Z, np.zeros((50, 3)), y)


def test_images_and_weights():
    fig = plots.plot_weight_images(np.random.default_rng(0).standard_normal((64, 40)), max_images=16)
    assert sum(1 for ax in fig.axes if ax.images) == 16
    with pytest.raises(ValueError, match=r"D = 64 for images of \(8, 8\), got \(63, 4\)"):
        plots.plot_weight_images(np.zeros((63, 4)))
    fig = plots.plot_images(np.zeros((5, 64)), np.array([1, 2, 3, 4, 5]), pred=np.array([1, 2, 0, 4, 5]))
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles[2] == "3 → 0" and len(titles) == 5
    with pytest.raises(ValueError, match="no images"):
        plots.plot_images(np.zeros((0, 64)))


def test_confusion_matrix_and_roc():
    ax = plots.plot_confusion_matrix(np.array([[5, 1], [2, 7]]), labels=["no", "yes"])
    assert [t.get_text() for t in ax.texts] == ["5", "1", "2", "7"]
    assert plots.plot_confusion_matrix(np.array([[5, 5], [0, 10]]), normalize=True).texts[0].get_text() == "0.50"
    with pytest.raises(ValueError, match="square"):
        plots.plot_confusion_matrix(np.zeros((2, 3)))
    ax = plots.plot_roc(np.array([0, 0.5, 1]), np.array([0, 0.8, 1]), auc=0.9, threshold_point=(0.5, 0.8))
    assert len(ax.get_lines()) == 3 and "AUC 0.900" in ax.get_legend().get_texts()[0].get_text()
