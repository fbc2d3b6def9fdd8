"""The built website as a reader sees it, in a real browser, offline.

Every page in _toc.yml opens from a local server, renders its math with the site's own MathJax,
shows its figures, asks nothing of the internet, and (for chapters) links to Binder and Colab at
the right notebook path. Screenshots land in _build/screenshots/ for a human to look at.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.book_files import ROOT, config, toc_files, repository

SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = toc_files()


def _html_path(doc: str) -> str:
    return doc + ".html"


@pytest.mark.parametrize("doc", [d for d, _ in PAGES], ids=[d for d, _ in PAGES])
def test_page_renders_offline(page, site_url, doc):
    response = page.goto(f"{site_url}/{_html_path(doc)}", wait_until="networkidle")
    assert response is not None and response.ok, f"{doc}: HTTP {response and response.status}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    assert page.locator("main h1").count() >= 1, f"{doc}: no title heading"
    if page.locator("div.math, span.math").count():
        page.wait_for_selector("mjx-container", timeout=15_000)
    broken = page.evaluate(
        "[...document.querySelectorAll('main img')].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    assert not broken, f"{doc}: images that did not load: {broken}"
    assert not page.external_requests, f"{doc}: requests leaving the machine: {page.external_requests}"
    assert not page.console_errors, f"{doc}: browser console errors: {page.console_errors}"
    assert not page.page_errors, f"{doc}: uncaught JavaScript errors: {page.page_errors}"
    assert "nnbook setup (generated" not in page.inner_text("main"), f"{doc}: the setup cell is visible"
    page.screenshot(path=str(SCREENSHOTS / (doc.replace("/", "__") + ".png")), full_page=False)


NOTEBOOKS = [d for d, suffix in PAGES if suffix == ".ipynb"]


@pytest.mark.parametrize("doc", NOTEBOOKS, ids=NOTEBOOKS)
def test_chapter_shows_outputs_and_launch_links(page, site_url, doc):
    page.goto(f"{site_url}/{_html_path(doc)}", wait_until="networkidle")
    outputs = page.locator("div.cell_output")
    assert outputs.count() > 0, f"{doc}: no executed outputs on the page"
    assert page.locator("div.cell_output img").count() > 0, f"{doc}: no figure on the page"

    repo = repository()
    owner_name = repo["url"].removeprefix("https://github.com/")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    binder = [h for h in hrefs if h.startswith("https://mybinder.org/")]
    colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
    assert binder and f"gh/{owner_name}/{repo['branch']}" in binder[0], f"{doc}: Binder link {binder}"
    assert f"book/{doc.removeprefix('book/')}.ipynb" in binder[0], f"{doc}: Binder link {binder[0]} misses the notebook"
    # Colab opens the notebook's Colab edition (book/_ext/colab_edition.py), published as its own branch.
    colab_branch = config()["launch_buttons"]["colab_branch"]
    assert colab == [f"https://colab.research.google.com/github/{owner_name}/blob/{colab_branch}/{doc}.ipynb"], \
        f"{doc}: Colab link {colab}"
