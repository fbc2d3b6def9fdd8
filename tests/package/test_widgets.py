"""nnbook.widgets: one drawing function, live ipywidgets in a kernel, a static figure on the website."""
from __future__ import annotations

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnbook import widgets  # noqa: E402
from nnbook.widgets import Choice, Playground, Slider, Toggle  # noqa: E402


def line(ax, *, w=1.0, b=0.0, kind="solid", grid=False):
    x = np.linspace(-1, 1, 11)
    ax.plot(x, w * x + b, linestyle=kind)
    ax.grid(grid)
    ax.set(xlabel="x", ylabel="y")


CONTROLS = {"w": Slider(-2.0, 2.0, 0.5, value=1.0), "b": Slider(-3, 3), "kind": Choice(["solid", "dashed"]),
            "grid": Toggle(False)}


def ydata(fig):
    return [tuple(ln.get_ydata()) for ax in fig.axes for ln in ax.lines]


@pytest.fixture(autouse=True)
def _reset_mode(monkeypatch):
    monkeypatch.delenv(widgets.ENV, raising=False)
    widgets.set_mode(None)
    yield
    widgets.set_mode(None)
    plt.close("all")


def test_mode_from_environment_and_override(monkeypatch):
    assert widgets.mode() == "static"            # no kernel here
    monkeypatch.setenv(widgets.ENV, "live")
    assert widgets.mode() == "live"
    widgets.set_mode("static")
    assert widgets.mode() == "static"
    widgets.set_mode(None)
    monkeypatch.setenv(widgets.ENV, "sliders")
    with pytest.raises(ValueError, match="NNBOOK_WIDGETS.*'sliders'"):
        widgets.mode()
    with pytest.raises(ValueError, match="set_mode"):
        widgets.set_mode("interactive")


def test_book_build_forces_static():
    """The Sphinx extension the book build loads sets the variable its notebook kernels inherit."""
    code = ("import os, sys; sys.path.insert(0, 'book/_ext'); import static_widgets; "
            "static_widgets.setup(None); from nnbook import widgets; print(widgets.mode())")
    env = {k: v for k, v in os.environ.items() if k != widgets.ENV}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert out.stdout.strip() == "static", out.stderr


def test_render_draws_the_setting():
    pg = Playground(line, CONTROLS)
    assert pg.defaults == {"w": 1.0, "b": 0, "kind": "solid", "grid": False}
    fig = pg.render(w=2.0, b=1)
    assert np.allclose(ydata(fig)[0], 2.0 * np.linspace(-1, 1, 11) + 1)
    assert fig.axes[0].get_lines()[0].get_linestyle() == "-"
    assert ydata(pg.render(w=-1.0)) != ydata(pg.render(w=1.0))


def test_static_small_multiples_fit_the_column_and_name_their_settings():
    static = [{"w": -2.0}, {"w": 0.0}, {"w": 2.0}, {"w": 1.0, "b": 2}]
    pg = Playground(line, CONTROLS, static=static, title="y = w x + b")
    fig = pg.render_static()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4 and len(fig.axes) == 6      # 3 columns, two rows, two left empty
    assert fig.get_figwidth() <= Playground.MAX_WIDTH + 1e-9
    titles = [ax.get_title() for ax in visible]
    assert titles == ["w=-2, b=0", "w=0, b=0", "w=2, b=0", "w=1, b=2"]
    assert fig._suptitle.get_text() == "y = w x + b"
    assert len(set(ydata(fig))) == 4


def test_static_with_several_panels_per_setting():
    def two(axes, *, w=1.0, **_):
        assert isinstance(axes, tuple) and len(axes) == 2
        axes[0].plot([0, 1], [0, w])
        axes[1].plot([0, 1], [w, 0])
        axes[1].set_title("own title")
    pg = Playground(two, {"w": Slider(0.0, 1.0)}, static=[{"w": 0.2}, {"w": 0.8}], panels=2,
                    panel_size=(5, 3))
    fig = pg.render_static()
    assert len(fig.axes) == 4 and fig.get_figwidth() <= 8.0 + 1e-9
    assert fig.axes[0].get_title() == "w=0.2" and fig.axes[3].get_title() == "own title"
    assert pg.render(w=0.5).get_figwidth() <= 8.0 + 1e-9


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="draw must be a function"):
        Playground("line", CONTROLS)
    with pytest.raises(ValueError, match="controls must be a non-empty mapping"):
        Playground(line, {})
    with pytest.raises(TypeError, match="control 'w' must be a Slider"):
        Playground(line, {"w": (0, 1)})
    with pytest.raises(ValueError, match=r"unknown setting\(s\) \['v'\]"):
        Playground(line, CONTROLS, static=[{"v": 1}])
    with pytest.raises(ValueError, match="w=5.0 is outside"):
        Playground(line, CONTROLS).render(w=5.0)
    with pytest.raises(ValueError, match="static is empty"):
        Playground(line, CONTROLS, static=[])
    with pytest.raises(ValueError, match="panels must be an integer"):
        Playground(line, CONTROLS, panels=0)
    with pytest.raises(ValueError, match="mode must be one of"):
        Playground(line, CONTROLS, mode="web")
    with pytest.raises(ValueError, match="min must be below max"):
        Slider(1, 1)
    with pytest.raises(ValueError, match="min must be > 0"):
        Slider(0, 1, log=True)
    with pytest.raises(ValueError, match="outside"):
        Slider(0, 1, value=2)
    with pytest.raises(ValueError, match="not one of"):
        Choice(["a", "b"], value="c")
    with pytest.raises(ValueError, match="non-empty"):
        Choice([])


def test_slider_kinds():
    import ipywidgets as w
    assert isinstance(Slider(1, 8).widget("n"), w.IntSlider)
    assert Slider(1, 8).default == 4 or Slider(1, 8).default == 5
    assert isinstance(Slider(0.0, 1.0).widget("p"), w.FloatSlider)
    assert Slider(0.0, 1.0).widget("p").readout_format == ".2f"
    assert Slider(0.5, 0.999, 0.001, value=0.999).widget("beta2").readout_format == ".3f"   # not "1.00"
    lr = Slider(1e-3, 1.0, value=0.1, log=True)
    widget = lr.widget("lr")
    assert isinstance(widget, w.FloatLogSlider)
    assert widget.min == pytest.approx(-3) and widget.max == pytest.approx(0)
    assert widget.value == pytest.approx(0.1)
    assert Slider(1e-4, 1e-2, log=True).default == pytest.approx(1e-3)
    assert isinstance(Choice({"ReLU": "relu", "tanh": "tanh"}).widget("act"), w.Dropdown)
    assert Choice({"ReLU": "relu", "tanh": "tanh"}).default == "relu"


def test_live_controls_redraw_the_output():
    pg = Playground(line, CONTROLS, mode="live")
    box = pg.widget()
    assert pg.widget() is box
    assert list(pg.controls) == ["w", "b", "kind", "grid"]
    first = pg.output.outputs
    assert len(first) == 1 and "image/png" in first[0]["data"]
    assert pg.last_redraw_seconds is not None and pg.last_redraw_seconds < 5
    pg.controls["w"].value = -1.5
    second = pg.output.outputs
    assert len(second) == 1 and second[0]["data"]["image/png"] != first[0]["data"]["image/png"]
    pg.controls["kind"].value = "dashed"
    assert pg.output.outputs[0]["data"]["image/png"] != second[0]["data"]["image/png"]
    assert plt.get_fignums() == []      # every redraw closes its figure


def test_display_in_each_mode(monkeypatch):
    """Static mode displays one PNG and no widget; live mode displays the widget box."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj))
    Playground(line, CONTROLS, static=[{"w": 0.5}, {"w": 1.5}], mode="static")._ipython_display_()
    assert len(shown) == 1 and isinstance(shown[0], matplotlib.figure.Figure)
    assert not any(r in repr(shown[0]) for r in widgets.WIDGET_REPRS)
    shown.clear()
    Playground(line, CONTROLS, mode="live")._ipython_display_()
    import ipywidgets
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)


@pytest.mark.parametrize("env_mode", ["live", "static"])
def test_in_a_real_kernel(env_mode, monkeypatch):
    """In a kernel: live shows a widget view (its figure in the Output), static one PNG, no widget."""
    import nbformat
    from nbclient import NotebookClient

    source = ("import numpy as np\nfrom nnbook.widgets import Playground, Slider\n"
              "def draw(ax, *, w):\n    ax.plot([0, 1], [0, w])\n"
              "pg = Playground(draw, {'w': Slider(-1.0, 1.0, value=0.5)}, static=[{'w': -1.0}, {'w': 1.0}])\npg")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    monkeypatch.setenv(widgets.ENV, env_mode)         # the kernel inherits it, as in the book build
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    kinds = [sorted(o.get("data", {})) for o in outputs]
    if env_mode == "live":
        assert kinds == [["application/vnd.jupyter.widget-view+json", "text/plain"]], kinds
        state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        images = [o for m in state.values() if m["model_name"] == "OutputModel"
                  for o in m["state"].get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) == 1
    else:
        assert kinds == [["image/png", "text/plain"]], kinds
        assert not any(r in outputs[0]["data"]["text/plain"] for r in widgets.WIDGET_REPRS)
