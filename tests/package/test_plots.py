"""Every plot draws what it promises (lines, images, texts, titles) and refuses data of the wrong shape."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import plots  # noqa: E402
from nnbook.schedules import cosine  # noqa: E402
from nnbook.training import History  # noqa: E402

HISTORY = {"epoch": [1, 2, 3], "train_loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6],
           "train_acc": [0.5, 0.8, 0.9], "val_acc": [0.4, 0.7, 0.8], "lr": [0.1, 0.05, 0.01]}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def image_axes(fig):
    return [ax for ax in fig.axes if ax.images]


# -- learning curves -------------------------------------------------------------------------
def test_history_has_a_panel_per_metric_with_two_curves():
    axes = plots.plot_history(HISTORY)
    assert len(axes) == 2 and all(len(ax.get_lines()) == 2 for ax in axes)
    assert axes[0].get_title() == "Loss per epoch" and axes[1].get_ylabel() == "accuracy"
    assert axes[0].get_xlabel() == "epoch"
    assert axes[0].get_lines()[1].get_ydata().tolist() == HISTORY["val_loss"]
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["training", "validation"]


def test_history_skips_missing_validation_and_reads_the_dataclass():
    no_val = {**HISTORY, "val_loss": [], "val_acc": [np.nan] * 3}
    assert all(len(ax.get_lines()) == 1 for ax in plots.plot_history(no_val))
    history = History(**{k: v for k, v in HISTORY.items()}, best_epoch=3)
    axes = plots.plot_history(history, metrics=("loss",))
    assert len(axes) == 1 and axes[0].get_lines()[0].get_xdata().tolist() == [1, 2, 3]


def test_history_draws_into_given_axes_and_rejects_bad_requests():
    fig, given = plt.subplots(1, 2)
    assert list(plots.plot_history(HISTORY, axes=given)) == list(given)
    with pytest.raises(ValueError, match=r"2 metrics .* need 2 axes, got 1"):
        plots.plot_history(HISTORY, axes=given[0])
    with pytest.raises(ValueError, match="no 'train_f1' or 'val_f1'"):
        plots.plot_history(HISTORY, metrics=("f1",))
    with pytest.raises(ValueError, match="metrics is empty"):
        plots.plot_history(HISTORY, metrics=())


def test_histories_compare_runs():
    ax = plots.plot_histories({"a": HISTORY, "b": HISTORY}, metric="train_loss")
    assert len(ax.get_lines()) == 2 and ax.get_title() == "Training loss"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert plots.plot_histories({"w": HISTORY}).get_title() == "Validation accuracy"
    with pytest.raises(ValueError, match="has no metric 'val_f1'"):
        plots.plot_histories({"a": HISTORY}, metric="val_f1")
    with pytest.raises(ValueError, match="histories is empty"):
        plots.plot_histories({})


def test_learning_rates_of_a_schedule_and_of_a_history():
    ax = plots.plot_lr(cosine(0.1, total=10), epochs=10)
    line = ax.get_lines()[0]
    assert line.get_xdata().tolist() == list(range(1, 11)) and line.get_ydata()[0] == pytest.approx(0.1)
    assert ax.get_title().startswith("Learning rate: cosine")
    assert plots.plot_lr(lambda t: 0.1, epochs=3).get_title() == "Learning rate: schedule"
    assert plots.plot_lr(HISTORY).get_lines()[0].get_ydata().tolist() == [0.1, 0.05, 0.01]
    assert plots.plot_lr(History(**HISTORY)).get_ylabel() == "learning rate"
    with pytest.raises(ValueError, match="epochs="):
        plots.plot_lr(cosine(0.1, total=10))
    with pytest.raises(ValueError, match=r"epochs must be a positive integer \(1, 2, ...\), got 0"):
        plots.plot_lr(cosine(0.1, total=10), epochs=0)
    with pytest.raises(ValueError, match="a History with an empty 'lr' list"):
        plots.plot_lr({"epoch": [1]})


# -- decision boundaries -----------------------------------------------------------------------
X2 = np.random.default_rng(0).standard_normal((50, 2))
Y2 = (X2[:, 0] > 0).astype(int)


def test_decision_boundary_with_class_ids():
    ax = plots.plot_decision_boundary(lambda Z: (Z[:, 0] > 0).astype(int), X2, Y2, resolution=50)
    assert len(ax.collections) >= 2 and ax.get_title() == "Decision boundary"
    assert ax.get_xlabel() == "$x_1$" and ax.collections[-1].get_offsets().shape == (50, 2)


def test_decision_boundary_with_probabilities_draws_the_half_contour_and_a_colour_bar():
    fig, ax = plt.subplots()
    plots.plot_decision_boundary(lambda Z: 1 / (1 + np.exp(-Z[:, :1])), X2, Y2, proba=True,
                                 resolution=50, ax=ax)               # (G, 1) probabilities are fine
    assert len(fig.axes) == 2                                        # the plot and its colour bar


def test_decision_boundary_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"X must be an array of shape \(N, 2\), got an array of shape \(50, 3\)"):
        plots.plot_decision_boundary(lambda Z: Z, np.zeros((50, 3)), Y2)
    with pytest.raises(ValueError, match=r"y must have shape \(50,\).*got \(49,\)"):
        plots.plot_decision_boundary(lambda Z: Z[:, 0], X2, Y2[:49])
    with pytest.raises(ValueError, match=r"a class id per grid point, shape \(100,\), got \(100, 2\)"):
        plots.plot_decision_boundary(lambda Z: Z, X2, Y2, resolution=10)
    with pytest.raises(ValueError, match="resolution must be an integer ≥ 2, got 1"):
        plots.plot_decision_boundary(lambda Z: Z[:, 0], X2, Y2, resolution=1)


# -- images ----------------------------------------------------------------------------------------
def test_weight_images_one_per_unit_each_on_its_own_scale():
    W = np.random.default_rng(0).standard_normal((64, 40))
    fig = plots.plot_weight_images(W, max_images=16)
    shown = image_axes(fig)
    assert len(shown) == 16 and "16 of 40 hidden units" in fig._suptitle.get_text()
    assert shown[3].images[0].get_clim() == (W[:, 3].min(), W[:, 3].max())
    assert len(image_axes(plots.plot_weight_images(np.ones((12, 3)), image_shape=(3, 4)))) == 3


def test_weight_images_reject_bad_shapes():
    with pytest.raises(ValueError, match=r"D = 64 for images of \(8, 8\), got \(63, 4\)"):
        plots.plot_weight_images(np.zeros((63, 4)))
    with pytest.raises(ValueError, match="image_shape must be"):
        plots.plot_weight_images(np.zeros((64, 4)), image_shape=(8, 8, 1))
    with pytest.raises(ValueError, match=r"ncols must be a positive integer \(1, 2, ...\), got 0"):
        plots.plot_weight_images(np.zeros((64, 4)), ncols=0)


def test_gallery_titles_true_and_predicted_in_red_when_wrong():
    fig = plots.plot_images(np.zeros((5, 64)), np.array([1, 2, 3, 4, 5]), pred=np.array([1, 2, 0, 4, 5]))
    shown = image_axes(fig)
    assert [ax.get_title() for ax in shown] == ["1", "2", "3 → 0", "4", "5"]
    assert shown[2].title.get_color() == "red" and shown[0].title.get_color() == "black"
    fig = plots.plot_images(np.zeros((30, 64)), np.arange(30) % 10)
    assert len(image_axes(fig)) == 20 and image_axes(fig)[13].get_title() == "3"


def test_gallery_rejects_bad_shapes():
    with pytest.raises(ValueError, match="no images"):
        plots.plot_images(np.zeros((0, 64)))
    with pytest.raises(ValueError, match=r"X must have shape \(N, 64\).*got \(5, 8, 8\)"):
        plots.plot_images(np.zeros((5, 8, 8)))
    with pytest.raises(ValueError, match=r"pred must have shape \(5,\)"):
        plots.plot_images(np.zeros((5, 64)), np.arange(5), pred=np.arange(4))


# -- confusion matrix and ROC ---------------------------------------------------------------------
def test_confusion_matrix_writes_the_counts():
    ax = plots.plot_confusion_matrix(np.array([[5, 1], [2, 7]]), labels=["no", "yes"])
    assert [t.get_text() for t in ax.texts] == ["5", "1", "2", "7"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no", "yes"]
    assert ax.get_ylabel() == "true class" and ax.get_xlabel() == "predicted class"
    ax = plots.plot_confusion_matrix(np.array([[5, 5], [0, 10]]), normalize=True)
    assert [t.get_text() for t in ax.texts] == ["0.50", "0.50", "0.00", "1.00"]


def test_confusion_matrix_rejects_bad_shapes():
    with pytest.raises(ValueError, match="square"):
        plots.plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="3 labels for a matrix cm of 2 classes"):
        plots.plot_confusion_matrix(np.eye(2), labels=["a", "b", "c"])


def test_roc_curve_diagonal_and_operating_point():
    ax = plots.plot_roc(np.array([0, 0.5, 1]), np.array([0, 0.8, 1]), auc=0.9, threshold_point=(0.5, 0.8))
    assert len(ax.get_lines()) == 3 and "AUC 0.900" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_title() == "ROC curve" and ax.get_xlabel() == "false positive rate"
    assert len(plots.plot_roc([0, 1], [0, 1]).get_lines()) == 2
    with pytest.raises(ValueError, match=r"same length, got \(3,\) and \(2,\)"):
        plots.plot_roc(np.zeros(3), np.zeros(2))


def test_no_function_shows_a_window(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() called"))
    plots.plot_history(HISTORY)
    plots.plot_images(np.zeros((2, 64)), np.arange(2))
    plots.plot_confusion_matrix(np.eye(3))


# -- the book's style ------------------------------------------------------------------------
def test_book_style_sets_legible_text_and_sharp_saved_figures():
    plots.use_book_style()
    assert plt.rcParams["legend.fontsize"] >= 8 and plt.rcParams["xtick.labelsize"] >= 8
    assert plt.rcParams["savefig.dpi"] >= 150
    matplotlib.rcdefaults()


def test_epoch_axes_have_integer_ticks():
    ax = plots.plot_history({"epoch": [1, 2, 3], "train_loss": [1.0, 0.5, 0.2]}, metrics="loss")[0]
    ax.figure.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_cell_text_is_light_on_dark_cells_and_dark_on_light_ones():
    _, ax = plt.subplots()
    image = ax.imshow(np.array([[0.0, 1.0]]), cmap="gray")       # black, then white
    assert plots.text_colour(0.0, image) == "white" and plots.text_colour(1.0, image) == "black"
    plots.annotate_cells(ax, image, np.array([[0.0, 1.0]]))
    assert [t.get_color() for t in ax.texts] == ["white", "black"]
    ax = plots.plot_confusion_matrix(np.array([[9, 0], [1, 8]]))
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["9"] == "white" and colours["0"] == "black"


def test_line_colours_and_outline_carry_a_setting_to_another_panel():
    _, (a, b) = plt.subplots(1, 2)
    a.plot([0, 1], [0, 1], color="#ffff33", label="η = 0.1")
    a.plot([0, 1], [1, 0], label="_hidden")
    colours = plots.line_colours(a)
    assert colours == {"η = 0.1": "#ffff33"}
    (line,) = b.plot([0, 1], [0, 1], color=colours["η = 0.1"], path_effects=plots.outlined())
    assert line.get_path_effects()[0]._gc["foreground"] == "0.25"


def test_glue_is_silent_outside_a_book_build(monkeypatch):
    import builtins
    real = builtins.__import__

    def no_myst_nb(name, *args, **kwargs):
        if name.startswith("myst_nb"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_myst_nb)
    assert plots.glue("x", np.float64(0.5)) == 0.5


# -- legends never cover data ----------------------------------------------------------------
def crossing_lines(loc, **legend):
    fig, ax = plt.subplots(figsize=(5, 3.5))
    x = np.linspace(0, 10, 50)
    ax.plot(x, x, label="rising")
    ax.plot(x, 10 - x, "o", ms=3, label="falling")
    ax.set_title("Crossing")
    ax.legend(loc=loc, **legend)
    return fig


def test_a_legend_over_the_curves_is_caught():
    found = plots.legend_overlaps(crossing_lines("center"))
    assert any("line of Line2D 'rising'" in f for f in found), found
    assert any("markers of Line2D 'falling'" in f for f in found), found
    with pytest.raises(AssertionError, match="legend of 'Crossing' covers"):
        plots.check_legends(crossing_lines("center"))


def test_a_clear_legend_passes():
    assert plots.legend_overlaps(crossing_lines("upper left", bbox_to_anchor=(1.02, 1))) == []
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [0.1, 0.2, 0.3], label="low")
    ax.legend(loc="upper left")
    plots.check_legends(fig)


def test_a_legend_over_points_bars_or_another_panel_is_caught():
    fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3))
    left.scatter([0, 5, 10], [0, 5, 10], label="points")
    left.legend(loc="center")
    right.bar(range(4), [4, 4, 4, 4], label="bars")
    right.legend(loc="lower center")
    found = plots.legend_overlaps(fig)
    assert any("points of" in f for f in found) and any("bar" in f for f in found), found
    fig, (a, b) = plt.subplots(1, 2, figsize=(6, 3))
    b.plot([0, 1], [0.5, 0.5])
    a.plot([0, 1], [0, 1], label="a")
    a.legend(loc="center left", bbox_to_anchor=(1.1, 0.5))     # lands on the other panel
    assert plots.legend_overlaps(fig), "a legend over the neighbouring panel was missed"


def test_a_filled_band_is_background():
    fig, ax = plt.subplots()
    ax.fill_between([0, 1], [0, 0], [1, 1], alpha=0.2, label="band")
    ax.plot([0, 1], [0.05, 0.1], label="line")
    ax.legend(loc="upper right")
    assert plots.legend_overlaps(fig) == []


def test_plt_show_checks_legends_when_the_book_checks_figures(monkeypatch):
    shown = []
    with matplotlib.rc_context():                            # use_book_style sets rcParams
        monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(1))
        monkeypatch.setenv("NNBOOK_CHECK_FIGURES", "1")
        plots.use_book_style()
        crossing_lines("center")
        with pytest.raises(AssertionError, match="covers"):
            plt.show()
        plt.close("all")
        crossing_lines("upper left", bbox_to_anchor=(1.02, 1))
        plt.show()
        assert shown == [1]
        monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(2))
        monkeypatch.delenv("NNBOOK_CHECK_FIGURES")
        plots.use_book_style()                                   # a reader's run: plt.show untouched
        crossing_lines("center")
        plt.show()
        assert shown == [1, 2]


def test_a_setting_drawn_in_two_colours_across_panels_is_caught():
    fig, (loss, acc) = plt.subplots(1, 2, figsize=(6, 3))
    for lr in (0.01, 0.1):
        loss.plot([0, 1], [1, lr], label=f"lr = {lr}")
    for lr in (0.1, 0.01):                                   # the default cycle swaps the colours
        acc.plot([0, 1], [0, lr], label=f"lr = {lr}")
    found = plots.colour_conflicts(fig)
    assert len(found) == 2 and "'lr = 0.01' is drawn in 2 colours" in found[0], found
    with pytest.raises(AssertionError, match="one setting, one colour"):
        plots.check_figure(fig)
    colours = plots.line_colours(loss)
    for line in acc.get_lines():
        line.set_color(colours[line.get_label()])
    assert plots.colour_conflicts(fig) == []
    plots.check_figure(fig)
