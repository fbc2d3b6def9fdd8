"""Every figure of every page is legible as displayed, at 1280 px and on a 390 px phone: its smallest
text is at least 8 pt on the screen, and a figure wider than its box scrolls there and is a tab stop.

A figure is a matplotlib SVG with its text drawn as paths; each string is a group scaled by
fontsize / 100 (book/_ext/site_fixes.py, :func:`figure_text`), and the SVG's width is in pt, so
its natural width is width_pt · 96 / 72 CSS px (1 figure inch = 96 px). As displayed, text of
``f`` pt shows at f · displayed width / natural width. A raster figure (PNG) has no measurable text
and fails: draw it as SVG (``nnbook.plots.use_book_style``).

``python -m tests.site.test_figures [SITE]`` prints the smallest displayed text of each page at
both widths (the numbers a change to the figures quotes).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.book_files import ROOT, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from site_fixes import MIN_TEXT_PT, figure_text  # noqa: E402

PAGES = [doc for doc, _ in toc_files()]
WIDTHS = (1280, 390)

# Each image of the content: its file, width on the screen, and the box it scrolls in.
MEASURE = """() => [...document.querySelectorAll('main article img')].map(img => {
  const box = img.closest('div.nnbook-figure');
  return {src: img.getAttribute('src'), alt: (img.getAttribute('alt') || '').slice(0, 50),
          shown: img.getBoundingClientRect().width,
          scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
          focusable: box ? box.tabIndex >= 0 : false,
          right: (box || img).getBoundingClientRect().right};
})"""


def open_page(page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url, wait_until="networkidle")


def measure(page, site: Path, width: int) -> list[dict]:
    """Every figure of the open page with ``smallest``, its smallest text in pt as displayed, and
    ``problem`` (None, or what is wrong)."""
    figures = []
    page_path = urlparse(page.url).path
    for fig in page.evaluate(MEASURE):
        path = (site / page_path.lstrip("/")).parent / fig["src"]
        fig["problem"], fig["smallest"] = None, None
        if path.suffix != ".svg":
            fig["problem"] = f"a raster figure ({path.suffix}): its text cannot be measured; draw it as SVG"
        else:
            natural, font = figure_text(path.resolve().read_text(encoding="utf-8"))
            if font is not None:
                fig["smallest"] = font * fig["shown"] / natural
                if fig["smallest"] < MIN_TEXT_PT - 0.01:
                    fig["problem"] = (f"text of {font:g} pt shows at {fig['smallest']:.1f} pt "
                                      f"({fig['shown']:.0f} of {natural:.0f} px)")
        if fig["problem"] is None and fig["scrolls"] and not fig["focusable"]:
            fig["problem"] = "scrolls sideways but is not a tab stop"
        if fig["problem"] is None and fig["right"] > width + 1:
            fig["problem"] = f"sticks out of the screen to {fig['right']:.0f} px"
        figures.append(fig)
    return figures


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", PAGES, ids=PAGES)
def test_figure_text_is_legible(page, site, site_url, doc, width):
    open_page(page, f"{site_url}/{doc}.html", width)
    bad = [f"{f['problem']}: {f['alt']!r}" for f in measure(page, site, width) if f["problem"]]
    assert not bad, f"{doc} at {width} px: {len(bad)} figure(s) not legible:\n  " + "\n  ".join(bad)


def test_the_check_catches_a_small_figure(page, site, site_url):
    """A real figure squeezed to 120 px, and a PNG, are both reported."""
    doc = next(d for d in PAGES if "momentum" in d)
    open_page(page, f"{site_url}/{doc}.html", 390)
    page.evaluate("""() => {
      const img = document.querySelector('div.nnbook-figure img');
      img.style.minWidth = '0'; img.style.width = '120px';
      document.querySelector('main article').insertAdjacentHTML('beforeend',
          '<img alt="a raster" src="../../_static/images/logo_colab.png">');
    }""")
    problems = [f["problem"] or "" for f in measure(page, site, 390)]
    assert any("shows at" in p for p in problems), problems
    assert any("raster" in p for p in problems), problems


@pytest.mark.parametrize("doc", [d for d in PAGES if "momentum" in d or "residual" in d])
def test_a_figure_that_scrolls_on_a_phone_is_keyboard_reachable(page, site_url, doc):
    """axe-core's scrollable-region-focusable rule at 390 px, where the wide figures scroll."""
    from tests.site.test_accessibility import audit

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.goto(f"{site_url}/{doc}.html") is not None
    scrolling = page.evaluate("() => [...document.querySelectorAll('div.nnbook-figure')]"
                              ".filter(b => b.scrollWidth > b.clientWidth + 1).length")
    assert scrolling > 0, f"{doc}: no figure scrolls at 390 px, so this test checks nothing"
    found = [v for v in audit(page, f"{site_url}/{doc}.html") if v["id"] == "scrollable-region-focusable"]
    assert not found, found


def test_figure_text_reads_matplotlib_font_sizes():
    """figure_text against matplotlib itself: a 4 in figure is 384 px; its 7 pt label is the
    smallest text, whatever the tick (10 pt) and title (13 pt) sizes, rotated or in math text."""
    import matplotlib
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("title", fontsize=13)
    ax.set_xlabel(r"$x_1$ in math text", fontsize=9)
    ax.set_ylabel("rotated", fontsize=7)
    ax.tick_params(labelsize=10)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    width, smallest = figure_text(buffer.getvalue())
    assert width == pytest.approx(384) and smallest == pytest.approx(7)


def main(site: Path) -> None:
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS, _QuietHandler

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    lowest = {w: [] for w in WIDTHS}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for doc in PAGES:
            row = []
            for width in WIDTHS:
                open_page(page, f"{url}/{doc}.html", width)
                figures = measure(page, site, width)
                sizes = [f["smallest"] for f in figures if f["smallest"] is not None]
                bad = sum(1 for f in figures if f["problem"])
                lowest[width] += sizes
                row.append(f"{width}: {min(sizes):4.1f} pt" if sizes else f"{width}:   - ")
                row.append(f"{bad} bad of {len(figures)}")
            print(f"{doc:45s} " + "  ".join(row))
        browser.close()
    server.shutdown()
    for width, sizes in lowest.items():
        print(f"at {width} px: smallest text {min(sizes):.1f} pt over {len(sizes)} figures, "
              f"{sum(s < MIN_TEXT_PT - 0.01 for s in sizes)} below {MIN_TEXT_PT:g} pt")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html")
