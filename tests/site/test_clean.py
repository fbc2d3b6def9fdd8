"""Every page of the site is clean, as a reader at 1280 px sees it.

Each class of defect found once on the site has a check here that runs on every page in _toc.yml,
so a new chapter is held to the same standard:

- markup that did not render: pipe tables or reST/MyST roles shown as raw text;
- progress-bar junk (tqdm) saved in outputs;
- widget reprs ("VBox(children=...)") printed as text instead of a static figure;
- anything wider than the content column: display equations, tables, figures, code that sticks
  out or wraps instead of scrolling within its block;
- citations typed as plain text instead of linked to the references page, and docstring markup
  (``literal``, $math$, roles) left raw in a show_source listing;
- figures shrunk below a legibility floor (a figure much wider than the column is scaled down until
  its text is a few pixels high).

Uncaught JavaScript errors are checked in test_site.py.
"""
from __future__ import annotations

import re

import pytest

from nnbook.widgets import WIDGET_REPRS
from tests.book_files import toc_files
from tests.test_citations import PLAIN_CITATION

PAGES = [doc for doc, _ in toc_files()]

#: A figure drawn at 100 dpi may be shown at no less than this fraction of its natural width:
#: matplotlib's 10 pt text is 14 px at full size and would drop below 10 px.
MIN_IMAGE_SCALE = 0.7
#: Narrower than this (natural width, px) is an icon or a logo, not a figure.
MIN_FIGURE_WIDTH = 200

RAW_MARKUP = {
    "a pipe table": re.compile(r"\|\s*:?(?:-{3,}|[—–]-?)\s*:?\|"),   # |---| (smartquotes make it |—|)
    "a reST role": re.compile(r":(math|func|class|meth|mod|attr|obj|ref|doc|eq|term):`"),
    "a MyST role or directive": re.compile(r"\{(ref|doc|eq|numref|math|term)\}`|^```\{\w+\}", re.M),
}
# What show_source renders (nnbook.source): ``literal``, $math$, :role:`target`, .. math::
RAW_LISTING = re.compile(r"``[^`]+``|\$[^$\n]+\$|:\w+:`|\.\. math::")
PROGRESS_BAR = re.compile(r"\d+%\|[^|\n]*\||\d+(\.\d+)?(it/s|s/it)\]|[█▏▎▍▌▋▊▉]")

# Measured in the page: the content column and what does not fit in it.
MEASURE = """() => {
  const article = document.querySelector('main article') || document.querySelector('main');
  const box = article.getBoundingClientRect();
  const style = getComputedStyle(article);
  const right = box.right - parseFloat(style.paddingRight) + 1;
  const label = (el) => (el.innerText || el.getAttribute('src') || el.outerHTML).trim().slice(0, 80);
  const wide = [];
  for (const m of article.querySelectorAll('mjx-container[display="true"]')) {
    const math = m.querySelector('mjx-math');
    if (math && (math.getBoundingClientRect().width > m.clientWidth + 1
                 || math.getBoundingClientRect().right > right))
      wide.push(['display equation', Math.round(math.getBoundingClientRect().width),
                 (MathJax.startup.document.getMathItemsWithin(m)[0] || {math: label(m)}).math.trim().slice(0, 80)]);
  }
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const pre of article.querySelectorAll('pre, .nnbook-source')) {
    // A code line too long for the column scrolls within its block (tests/test_code_lines.py
    // keeps notebook lines short enough that none does); one that sticks out or wraps is a defect.
    if ((pre.scrollWidth > pre.clientWidth + 1 && !scrolls(pre)) || pre.getBoundingClientRect().right > right) {
      const kind = pre.closest('.cell_output') ? 'code output' : 'code block';
      wide.push([kind, pre.scrollWidth, label(pre).split('\\n')[0]]);
    }
  }
  for (const table of article.querySelectorAll('table')) {
    const outer = table.parentElement;
    if (table.getBoundingClientRect().right > right || outer.scrollWidth > outer.clientWidth + 1)
      wide.push(['table', Math.round(table.getBoundingClientRect().width), label(table)]);
  }
  const small = [];
  for (const img of article.querySelectorAll('img')) {
    const r = img.getBoundingClientRect();
    if (r.right > right) wide.push(['figure', Math.round(r.width), img.getAttribute('src')]);
    if (img.naturalWidth >= %(min_width)d && r.width > 0 && r.width < %(min_scale)f * img.naturalWidth)
      small.push([img.getAttribute('src'), img.naturalWidth, Math.round(r.width)]);
  }
  // Text a reader sees as prose: everything but code.
  const clone = article.cloneNode(true);
  for (const code of clone.querySelectorAll('pre, code, .highlight')) code.remove();
  const outputs = [...article.querySelectorAll('.cell_output')].map(o => o.innerText).join('\\n');
  // Text that may not hold a citation typed by hand: all but the linked citations and the
  // bibliography's entries (package source shown by show_source included).
  const uncited = article.cloneNode(true);
  for (const cite of uncited.querySelectorAll('.bibtex-citation, .citation, .bibliography')) cite.remove();
  const listings = [...article.querySelectorAll('.nnbook-source')].map(p => p.innerText).join('\\n');
  return {column: Math.round(right - box.left), wide, small, prose: clone.innerText,
          text: article.innerText, outputs, uncited: uncited.innerText, listings};
}""" % {"min_width": MIN_FIGURE_WIDTH, "min_scale": MIN_IMAGE_SCALE}


def measure(page, url: str) -> dict:
    page.goto(url, wait_until="networkidle")
    if page.locator("div.math, span.math").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    return page.evaluate(MEASURE)


def problems(found: dict) -> dict[str, list]:
    """Every defect on the page, by class (empty lists when clean)."""
    out = {name: sorted({m.group(0) for m in rx.finditer(found["prose"])})
           for name, rx in RAW_MARKUP.items()}
    out["a reST role in displayed source"] = sorted({m.group(0) for m in RAW_MARKUP["a reST role"].finditer(found["text"])})
    out["progress-bar junk in outputs"] = sorted({m.group(0) for m in PROGRESS_BAR.finditer(found["outputs"])})
    out["widget reprs as text"] = [r for r in WIDGET_REPRS if r in found["text"]]
    out["a citation as plain text, not a link to the references"] = sorted(
        {m.group(0) for m in PLAIN_CITATION.finditer(found["uncited"])})
    out["raw docstring markup in a show_source listing"] = sorted(
        {m.group(0) for m in RAW_LISTING.finditer(found["listings"])})
    out[f"wider than the {found['column']} px column"] = found["wide"]
    out[f"figures shown below {MIN_IMAGE_SCALE:.0%} of their size"] = found["small"]
    return {k: v for k, v in out.items() if v}


@pytest.mark.parametrize("doc", PAGES, ids=PAGES)
def test_page_is_clean(page, site_url, doc):
    found = problems(measure(page, f"{site_url}/{doc}.html"))
    assert not found, f"{doc}:\n" + "\n".join(f"  {k}: {v}" for k, v in found.items())


def test_the_checks_catch_each_defect(page, site_url):
    """Each check fails on a page that has its defect (a synthetic page, same stylesheet)."""
    page.goto(f"{site_url}/{PAGES[0]}.html", wait_until="networkidle")
    page.evaluate("""() => {
      const a = document.querySelector('main article');
      a.insertAdjacentHTML('beforeend', `
        <p>| a | b |<br>|---|---|<br>| 1 | 2 |</p>
        <p>the :math:\\`\\\\sigma\\` role</p>
        <div class="cell_output"><pre>train: 40%|████      | 4/10 [00:01<00:02, 3.10it/s]</pre></div>
        <pre>VBox(children=(IntSlider(value=3),))</pre>
        <pre style="overflow: visible; white-space: pre">${'x'.repeat(400)}</pre>
        <p>as Wilson et al. (2017) showed</p>
        <div class="nnbook-source">The &#96;&#96;cache&#96;&#96; and $x^2$.</div>
        <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
             style="width: 100px" id="tiny">`);
    }""")
    # the 1x1 test image stands for a big figure: pretend its natural width is 1300 px
    found = page.evaluate(MEASURE.replace("img.naturalWidth", "(img.id === 'tiny' ? 1300 : img.naturalWidth)"))
    classes = problems(found)
    expected = ["a pipe table", "a reST role", "progress-bar junk in outputs", "widget reprs as text",
                "a citation as plain text, not a link to the references",
                "raw docstring markup in a show_source listing"]
    for name in expected:
        assert name in classes, f"{name} not detected: {classes}"
    assert any(k.startswith("wider than") for k in classes), classes
    assert any(k.startswith("figures shown below") for k in classes), classes
