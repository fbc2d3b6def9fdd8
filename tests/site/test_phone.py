"""Every page on a 390 px phone: nothing is cut off at the right edge and the page itself never
scrolls sideways. Display math, tables, code and outputs wider than the screen scroll within their
own box (book/_ext/static/nnbook.css). Screenshots land in _build/screenshots/phone-*.png.
"""
from __future__ import annotations

import pytest

from tests.book_files import ROOT, toc_files

PAGES = [doc for doc, _ in toc_files()]
SCREENSHOTS = ROOT / "_build" / "screenshots"
WIDTH = 390

# Each element of the content that could be too wide, and the box a reader sees it in: its own or
# that of the nearest ancestor that scrolls sideways. That box must lie within the screen, and an
# element wider than its box must be in one that scrolls (not clipped by overflow: hidden).
CUT_OFF = """(width) => {
  const article = document.querySelector('main article') || document.querySelector('main');
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const label = (el) => (el.getAttribute('src') || el.innerText || el.outerHTML).trim().slice(0, 60);
  const bad = [];
  const items = article.querySelectorAll(
      'mjx-container[display="true"], table, pre, img, svg, div.cell_output > *, .admonition');
  for (const el of items) {
    if (el.closest('mjx-container') && el.tagName.toLowerCase() === 'svg') continue;
    let box = el;
    while (box && box !== article && !scrolls(box)) box = box.parentElement;
    const seen = (box && box !== article) ? box : el;
    const r = seen.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > width + 1 || r.left < -1)
      bad.push(['sticks out', el.tagName.toLowerCase(), Math.round(r.right), label(el)]);
    else if (seen === el && el.scrollWidth > el.clientWidth + 1
             && ['hidden', 'clip'].includes(getComputedStyle(el).overflowX))
      bad.push(['clipped', el.tagName.toLowerCase(), el.scrollWidth, label(el)]);
  }
  return {page: document.scrollingElement.scrollWidth, bad};
}"""


def cut_off(page, url: str) -> dict:
    page.goto(url, wait_until="networkidle")
    if page.locator("div.math, span.math").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    return page.evaluate(CUT_OFF, WIDTH)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    return page


@pytest.mark.parametrize("doc", PAGES, ids=PAGES)
def test_nothing_is_cut_off_on_a_phone(phone, site_url, doc):
    found = cut_off(phone, f"{site_url}/{doc}.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / ("phone-" + doc.replace("/", "__") + ".png")))
    assert found["page"] <= WIDTH + 1, f"{doc}: the page scrolls sideways ({found['page']} px wide)"
    assert not found["bad"], f"{doc}: cut off at {WIDTH} px: {found['bad'][:6]}"


def test_the_check_catches_a_cut_off_equation(phone, site_url):
    phone.goto(f"{site_url}/{PAGES[0]}.html", wait_until="networkidle")
    phone.evaluate("""() => document.querySelector('main article').insertAdjacentHTML('beforeend',
        '<div style="overflow: hidden"><table style="width: 900px"><tr><td>wide</td></tr></table></div>'
        + '<pre style="overflow: hidden; white-space: pre">' + 'x'.repeat(300) + '</pre>')""")
    found = phone.evaluate(CUT_OFF, WIDTH)
    kinds = {(kind, tag) for kind, tag, *_ in found["bad"]}
    assert ("sticks out", "table") in kinds or ("clipped", "table") in kinds, found["bad"]
    assert ("clipped", "pre") in kinds, found["bad"]
