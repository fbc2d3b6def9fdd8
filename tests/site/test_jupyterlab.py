"""The README's "run one chapter in Jupyter", for real: JupyterLab served on 127.0.0.1, a chapter
notebook opened and run in Chromium, a playground slider moved, and the figure seen to change.

JupyterLab works on copies in ``_build/jupyterlab-test/`` (its autosave must never write outputs
into the committed notebooks). Screenshots land in ``_build/screenshots/`` (``jupyterlab-<chapter>-before.png`` / ``-after.png``).
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "_build" / "screenshots"
WORK = ROOT / "_build" / "jupyterlab-test"
# (notebook, how many arrow-key presses to move its first slider)
NOTEBOOKS = {"backprop": ("book/backprop/01_computational_graphs.ipynb", 5),
             "mlp": ("book/mlp/03_moons_roc.ipynb", 3),
             "optimization": ("book/optimization/05_playground.ipynb", 3),
             "regularization": ("book/regularization/06_playground.ipynb", 2),
             "cnn": ("book/cnn/06_playground.ipynb", 3)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab():
    """A JupyterLab server on 127.0.0.1 at the repository root; yields (url, token)."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k not in ("NNBOOK_WIDGETS", "TQDM_DISABLE")}
    env["JUPYTER_CONFIG_DIR"] = str(ROOT / "_build" / "jupyter-test-config")   # no user settings
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK, ignore_errors=True)
    for notebook, _ in NOTEBOOKS.values():
        shutil.copytree(ROOT / Path(notebook).parent, WORK / Path(notebook).parent, dirs_exist_ok=True)
    log = open(ROOT / "_build" / "jupyterlab-test.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=", "--ServerApp.allow_root=True", "--ServerApp.root_dir=" + str(WORK)],
        cwd=WORK, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start; see {log.name}")
            time.sleep(0.5)
    yield url, token
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


KERNEL_IDLE = """() => { const w = window.jupyterapp.shell.currentWidget;
    return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
              && w.sessionContext.session.kernel.status === 'idle'
              && ![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))); }"""


# The last image in the output area of the first playground on the page (a page may have several).
FIGURE = """const box = document.querySelector('.jupyter-widgets.widget-vbox');
    const imgs = box ? box.querySelectorAll('.jp-OutputArea-output img') : [];"""


def _figure(page):
    """The source of the first playground's figure."""
    return page.evaluate(f"() => {{ {FIGURE} return imgs.length ? imgs[imgs.length - 1].src : null; }}")


@pytest.mark.parametrize("chapter", NOTEBOOKS)
def test_playground_live_in_jupyterlab(browser, jupyterlab, chapter):
    url, token = jupyterlab
    notebook, presses = NOTEBOOKS[chapter]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto(f"{url}/lab/tree/{notebook}?token={token}&reset", timeout=60_000)
        page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')",
                               timeout=60_000)
        # Wait for the kernel, then run every cell.
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_selector(".jupyter-widgets .widget-slider", timeout=90_000)
        page.wait_for_function("""() => document.querySelectorAll(
            '.jupyter-widgets .jp-OutputArea-output img').length > 0""", timeout=60_000)
        handle = page.locator(".jupyter-widgets .widget-slider .noUi-handle").first
        page.wait_for_function(KERNEL_IDLE, timeout=90_000)          # every cell has run
        news = page.get_by_role("button", name="No", exact=True)     # JupyterLab's news prompt
        if news.count():
            news.first.click()
        playground = page.locator(".jupyter-widgets.widget-vbox").first
        playground.scroll_into_view_if_needed()
        before = _figure(page)
        playground.screenshot(path=str(SHOTS / f"jupyterlab-{chapter}-before.png"))
        handle.focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"before => {{ {FIGURE} return imgs.length && imgs[imgs.length - 1].src !== before; }}",
                               arg=before, timeout=60_000)
        page.wait_for_timeout(500)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)          # the last redraw has landed
        playground.screenshot(path=str(SHOTS / f"jupyterlab-{chapter}-after.png"))
        assert _figure(page) != before
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
        assert not tracebacks, tracebacks
        assert not page_errors, page_errors
    finally:
        context.close()


def test_make_lab_passes_allow_root_only_as_root():
    """`make lab` (the README's command) starts JupyterLab as root, which Jupyter refuses without
    --allow-root, and as a user, where the flag is not needed: it adds the flag for uid 0 only."""
    def command(uid: int) -> str:
        # make's $(shell id -u) asks the system; a stub `id` on PATH plays the user.
        stub = WORK.parent / f"id-stub-{uid}"
        stub.mkdir(parents=True, exist_ok=True)
        (stub / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (stub / "id").chmod(0o755)
        env = {**os.environ, "PATH": f"{stub}:{os.environ['PATH']}"}
        return subprocess.run(["make", "-n", "-o", ".venv/.installed", "lab"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True).stdout
    assert "jupyter lab --allow-root" in command(0)
    as_user = command(1000)
    assert "jupyter lab" in as_user and "--allow-root" not in as_user, as_user
