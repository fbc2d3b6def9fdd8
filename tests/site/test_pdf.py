"""The PDF edition (``make pdf``, tools/book_pdf.py): the whole book, every page of _toc.yml in
reading order with its figures, math typeset (no raw TeX), an outline to navigate it, offered in
every page's download menu. Read from ``nnbook.pdf`` in the built site (``make pdf`` puts it
there and in _build/pdf/).
"""
from __future__ import annotations

import html
import re
import urllib.request

import pytest

from tests.book_files import toc_files

PAGES = toc_files()
# TeX that MathJax would have typeset: a page's math or a listing's docstring left raw. (Code may
# hold a matplotlib label such as r"$\varepsilon$", so a bare "$\" is not enough.)
RAW_TEX = re.compile(r"\\(frac|begin|end|mathrm|sqrt)\{|\\sum_|\\\(|\\\[|\$\$")


@pytest.fixture(scope="module")
def pdf(site):
    from pypdf import PdfReader

    path = site / "nnbook.pdf"
    if not path.exists():
        pytest.fail(f"no PDF edition at {path}: run `make pdf` (make test does)")
    return PdfReader(path)


def outline(reader) -> list[tuple[str, int]]:
    """(title, first page, 0-based) of every outline entry at every level, in order."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))
    walk(reader.outline)
    return found


PATH_OPERATOR = re.compile(rb"\s(?:m|l|c)\n")


def figures_on(page) -> int:
    """Figures printed on ``page``: raster ones (PNG) are images; chromium prints an SVG figure
    either as a Form XObject or, inline, as thousands of path operators (a page of text and
    typeset math has a few hundred to a few thousand; a matplotlib figure has tens of thousands)."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    forms = 0
    if xobjects is not None:
        forms = sum(1 for x in xobjects.get_object().values() if x.get_object().get("/Subtype") == "/Form")
    inline = len(PATH_OPERATOR.findall(page.get_contents().get_data())) >= 10_000
    return len(page.images) + forms + int(inline)


def page_title(site, doc: str) -> str:
    h1 = re.search(r"<h1>(.*?)</h1>", (site / f"{doc}.html").read_text(), re.S)
    return html.unescape(re.sub(r"<[^>]+>|#", "", h1.group(1))).strip()


def test_every_page_is_in_the_pdf_in_reading_order_with_its_figures(pdf, site):
    entries, starts, at = outline(pdf), [], 0
    for doc, suffix in PAGES:     # each page's title, after the previous page's, in the outline
        title = page_title(site, doc)
        found = [i for i, (t, _) in enumerate(entries) if t == title and i >= at]
        assert found, f"{doc} ({title!r}) is not in the PDF's outline after {entries[at - 1:at]}"
        at = found[0] + 1
        starts.append((doc, suffix, entries[found[0]][1]))
    assert [s for *_, s in starts] == sorted(s for *_, s in starts), "the PDF is not in reading order"
    ends = [s for *_, s in starts[1:]] + [len(pdf.pages)]
    for (doc, suffix, first), end in zip(starts, ends):
        pages = pdf.pages[first:end]
        text = "".join(p.extract_text() or "" for p in pages)
        assert len(text) > 200, f"{doc}: pages {first + 1}-{end} of the PDF hold almost no text"
        if suffix == ".ipynb":
            figures = sum(figures_on(p) for p in pages)
            assert figures > 0, f"{doc}: no figure on pages {first + 1}-{end} of the PDF"


def test_no_raw_tex_in_the_pdf(pdf):
    raw = [(n + 1, m.group(0)) for n, page in enumerate(pdf.pages)
           for m in RAW_TEX.finditer(page.extract_text() or "")]
    assert not raw, f"raw TeX in the PDF (page, text): {raw[:10]}"


def test_the_download_menu_offers_the_pdf(page, site_url):
    doc = next(d for d, s in PAGES if s == ".ipynb")
    page.goto(f"{site_url}/{doc}.html", wait_until="networkidle")
    links = page.eval_on_selector_all(".dropdown-download-buttons a.dropdown-item",
                                      "els => els.map(e => e.href)")
    pdf_links = [h for h in links if h.endswith("/nnbook.pdf")]
    assert pdf_links == [f"{site_url}/nnbook.pdf"], f"{doc}: download menu links {links}"
    with urllib.request.urlopen(pdf_links[0]) as response:
        assert response.read(5) == b"%PDF-"
