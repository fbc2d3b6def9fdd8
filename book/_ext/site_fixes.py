"""Fixes to the generated pages that the site tests (tests/site) hold us to.

- Each script once per page. sphinx-thebe registers its configuration script
  (``const THEBE_JS_URL = ...``) again whenever Sphinx re-reads the sources, and Jupyter Book
  reads them twice, so every page declared the constant twice and the browser threw
  "Identifier 'THEBE_JS_URL' has already been declared".
- ``static/nnbook.css``: code scrolls sideways within its block instead of wrapping to column 0
  (tests/test_code_lines.py keeps notebook lines within 88 characters, so at 1280 px nothing
  scrolls); display math, tables and outputs scroll within their box down to a 390 px phone;
  figures are never stretched beyond their natural size.
- Figures a reader can read (:func:`sized_figures`): each matplotlib SVG a cell drew is wrapped in
  a ``div.nnbook-figure`` box and given its natural width (1 figure inch = 96 CSS px) and a
  min-width, so it is shrunk to a narrower column (a phone) only as far as its smallest text
  stays at least :data:`MIN_TEXT_PT` on the screen; wider than that, it scrolls sideways within
  its box (``static/nnbook.js`` makes such a box a tab stop). tests/site/test_figures.py measures
  the displayed text of every figure at 1280 and 390 px. Only the website is affected: Jupyter
  and Colab show the same SVG at its natural size.
- One search box: the sidebar's (the header strip repeated it).
- The page chrome passes an axe-core audit (tests/site/test_accessibility.py), fixed in the
  written HTML (:func:`accessible`): the sidebar's expand arrows get a name, and the search and
  colour-mode buttons and hidden code cells lose labels that contradicted their visible text,
  bibliography entries are the items of their list.
- The download menu offers the book's PDF edition (``make pdf``, tools/book_pdf.py, copies it to
  ``nnbook.pdf`` at the site's root) instead of the browser's print dialog for one page.
"""
from __future__ import annotations

import html
import math
import re
from pathlib import Path

STATIC = Path(__file__).parent / "static"
PDF_NAME = "nnbook.pdf"

#: The smallest text a figure may show on the screen, in points (1 pt = 1/72 in = 4/3 CSS px).
MIN_TEXT_PT = 8.0

_SVG_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)(pt|px)?"')
# matplotlib draws text as paths (svg.fonttype "path"): each string is a group scaled by
# fontsize / FONT_SCALE, FONT_SCALE = 100 (matplotlib.textpath.TextToPath; backend_svg's
# _draw_text_as_path writes "translate(x y) [rotate(a)] scale(s -s)"). Math text places its glyphs
# inside that group with their own scale (0.7 for sub- and superscripts): not counted, like the
# size of an exponent in the prose.
_TEXT_SCALE = re.compile(r'<g transform="[^"]*\bscale\(([\d.]+) -\1\)"')
FONT_SCALE = 100.0


def figure_text(svg: str) -> tuple[float, float | None]:
    """(natural width in CSS px, smallest font size in pt or None without text) of a matplotlib
    SVG. Text kept as ``<text>`` elements (svg.fonttype "none") is not measured: a ValueError."""
    width = _SVG_WIDTH.search(svg)
    if width is None:
        raise ValueError("figure_text: the SVG has no width attribute")
    px = float(width[1]) * (96 / 72 if width[2] in (None, "pt") else 1.0)
    if "<text" in svg:
        raise ValueError("figure_text: the SVG keeps its text as <text> elements; draw it with "
                         "matplotlib's default svg.fonttype 'path'")
    sizes = [float(s) * FONT_SCALE for s in _TEXT_SCALE.findall(svg)]
    return px, (min(sizes) if sizes else None)


# An image a cell drew: myst-nb writes it to _images/<hash>.svg.
_FIGURE = re.compile(r'(?P<wrapped><div class="nnbook-figure">)?<img (?P<before>[^>]*?)'
                     r'src="(?P<src>[^"]*_images/(?P<name>[^"/]+\.svg))"'
                     r'(?P<after>[^>]*?)\s*/?>')


def sized_figures(page: str, images: Path) -> str:
    """``page`` with each figure from ``images`` (the site's _images) wrapped and sized (above)."""
    def size(m: re.Match) -> str:
        path = images / m["name"]
        if m["wrapped"] or not path.exists():          # done by an earlier build, or not a figure
            return m[0]
        width, smallest = figure_text(path.read_text(encoding="utf-8"))
        shrink = 1.0 if smallest is None else min(1.0, MIN_TEXT_PT / smallest)
        style = f"width: {width:.1f}px; min-width: {math.ceil(width * shrink * 10) / 10:.1f}px"
        return (f'<div class="nnbook-figure"><img {m["before"]}src="{m["src"]}"{m["after"]} '
                f'style="{style}" /></div>')
    return _FIGURE.sub(size, page)


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script's filename is None or "" depending on how it was added: the same script.
    filename = getattr(script, "filename", str(script)) or ""
    return filename, tuple(sorted((k, str(v)) for k, v in attributes.items()))


def _unique(scripts) -> None:
    """Drop repeated scripts from the list, in place (it is the builder's own list)."""
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def _dedupe(app, pagename, templatename, context, doctree) -> None:
    if context.get("script_files"):
        _unique(context["script_files"])


# <li ...><a ...>Backpropagation</a><details ...><summary>: the arrow that shows the sections.
_SUMMARY = re.compile(r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">\s*(?P<title>[^<]+?)\s*</a>'
                      r'<details(?: open="open")?>)<summary>')
# The search field (icon, "Search", "Ctrl+K") was labelled just "Search".
_SEARCH_FIELD = re.compile(r'(<button class="btn search-button-field[^"]*") title="Search" aria-label="Search"')
# The colour-mode button is labelled "Color mode"; its icons' titles ("Light", "Dark", ...) counted
# as visible text that the label does not contain.
_MODE_ICON = re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+")\s+title="[^"]*"')
# A hidden code cell's summary is labelled "Toggle hidden content" over its visible prompt
# ("Show code cell source"): the prompt alone names it.
_HIDDEN_CELL = '<summary aria-label="Toggle hidden content">'
# Bibliography entries (sphinxcontrib-bibtex) in a role="list" carry the deprecated ARIA role
# doc-biblioentry, which a list may not contain: they are the list's items.
_BIBLIOENTRY = 'role="doc-biblioentry"'
# The download menu's ".pdf" entry printed the page with the browser's dialog.
_PRINT_BUTTON = re.compile(r'<button onclick="window\.print\(\)"\s+class="btn btn-sm btn-download-pdf-button'
                           r' dropdown-item"\s+title="Print to PDF".*?</button>', re.S)


def accessible(page: str, root: str) -> str:
    """The written HTML ``page`` with the chrome fixes above; ``root``: relative URL of the site's
    root from the page ("../../")."""
    page = _SUMMARY.sub(lambda m: f'{m[1]}<summary aria-label="Sections of {m["title"]}">', page)
    page = _SEARCH_FIELD.sub(r"\1", page)
    page = _MODE_ICON.sub(r'\1 aria-hidden="true"', page)
    page = page.replace(_HIDDEN_CELL, "<summary>").replace(_BIBLIOENTRY, 'role="listitem"')
    pdf = (f'<a href="{html.escape(root)}{PDF_NAME}" class="btn btn-sm btn-download-pdf-button dropdown-item"'
           ' title="The whole book as one PDF" data-bs-placement="left" data-bs-toggle="tooltip">'
           '<span class="btn__icon-container"><i class="fas fa-file-pdf"></i></span>'
           '<span class="btn__text-container">book .pdf</span></a>')
    return _PRINT_BUTTON.sub(pdf, page)


def _fix_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for path in out.rglob("*.html"):
        if path.is_relative_to(out / "_static"):
            continue
        text = path.read_text(encoding="utf-8")
        depth = len(path.relative_to(out).parts) - 1
        fixed = sized_figures(accessible(text, "../" * depth), out / "_images")
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


def _theme_options(app) -> None:
    app.config.html_static_path.append(str(STATIC))
    # pydata-sphinx-theme repeats the search field in the header strip ("navbar_persistent").
    app.config.html_theme_options["navbar_persistent"] = []


def setup(app):
    app.connect("builder-inited", _theme_options)
    app.add_css_file("nnbook.css")
    app.add_js_file("nnbook.js")
    # html-page-context stops at the first handler that returns a template: run before the others.
    app.connect("html-page-context", _dedupe, priority=100)
    app.connect("build-finished", _fix_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
