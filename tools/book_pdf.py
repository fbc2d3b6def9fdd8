"""The book's PDF edition: every page of the built website printed by Debian's headless Chromium
(math typeset by the site's own MathJax, figures and executed outputs as on the website), joined
behind a title page and a table of contents, with a bookmark outline: ``make pdf``.

    python tools/book_pdf.py [SITE] [OUT]    # defaults: _build/html and _build/pdf/nnbook.pdf

Offline: the pages come from a server on 127.0.0.1 and every other request is refused. The PDF is
also copied to ``SITE/nnbook.pdf``, where the website's download menu links to it
(book/_ext/site_fixes.py). tests/site/test_pdf.py checks the result.
"""
from __future__ import annotations

import argparse
import functools
import html
import http.server
import io
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE = {"format": "A4", "print_background": True, "prefer_css_page_size": False,
        "margin": {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}
# Paper cannot scroll: in print, code and outputs wrap and wide boxes show all they hold.
PRINT_CSS = """
@media print {
  pre, div.cell div.cell_input pre, div.nnbook-source { white-space: pre-wrap !important;
      overflow-wrap: anywhere; overflow: visible !important; }
  div.cell_output, div.math, mjx-container[display="true"], div.pst-scrollable-table-container {
      overflow: visible !important; background: none !important; }
  details.hide > summary, .toggle-button, .headerlink, #jb-print-toc { display: none !important; }
  img { break-inside: avoid; }
}
"""


def reading_order(root: Path = ROOT) -> list[tuple[str | None, str]]:
    """(part caption or None, docname) of every page in _toc.yml, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    pages = [(None, toc["root"])]

    def walk(entries, caption):
        for entry in entries:
            pages.append((caption, entry["file"]))
            walk(entry.get("sections", []), caption)

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), part.get("caption"))
    walk(toc.get("chapters", []), None)
    return [(caption, doc.rsplit(".", 1)[0] if doc.endswith((".md", ".ipynb")) else doc)
            for caption, doc in pages]


def _level(doc: str) -> int:
    """1 for the introduction, a chapter's opening page or back matter; 2 for a section."""
    return 1 if doc.endswith("/index") or doc.count("/") <= 1 else 2


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _offline(page, base: str) -> None:
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith((base, "data:")) else route.abort())


def print_page(page, url: str) -> tuple[bytes, str]:
    """The PDF of one built page and its title, once its math is typeset and its figures loaded."""
    page.goto(url, wait_until="networkidle")
    page.add_style_tag(content=PRINT_CSS)
    if page.locator("div.math, span.math").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    title = page.evaluate("(document.querySelector('main h1') || {}).innerText || document.title")
    return page.pdf(**PAGE), title.replace("#", "").strip()


def front_matter(page, title: str, entries: list[tuple[int, str, int]], note: str) -> bytes:
    """Title page and table of contents; ``entries``: (level, title, first page)."""
    rows = "".join(
        f'<tr class="l{level}"><td>{html.escape(text)}</td><td>{number}</td></tr>'
        for level, text, number in entries)
    page.set_content(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
      body {{ font-family: "DejaVu Sans", sans-serif; color: #222; }}
      .title {{ height: 230mm; display: flex; flex-direction: column; justify-content: center; }}
      h1 {{ font-size: 30pt; margin: 0 0 8mm; }} .note {{ font-size: 10pt; color: #555; }}
      h2 {{ break-before: page; font-size: 18pt; }}
      table {{ width: 100%; border-collapse: collapse; font-size: 11pt; }}
      td:last-child {{ text-align: right; width: 3em; }} td {{ padding: 1.2mm 0; }}
      tr.l0 td {{ font-weight: bold; padding-top: 4mm; }} tr.l1 td {{ font-weight: bold; }}
      tr.l2 td:first-child {{ padding-left: 7mm; }}
      </style></head><body>
      <div class="title"><h1>{html.escape(title)}</h1><p class="note">{note}</p></div>
      <h2>Contents</h2><table>{rows}</table></body></html>""")
    return page.pdf(**PAGE)


def build(site: Path, out: Path) -> dict:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    pages = reading_order()
    server, base = _serve(site)
    start = time.monotonic()
    printed = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            _offline(page, base)
            page.emulate_media(media="print")
            for caption, doc in pages:
                if not (site / f"{doc}.html").exists():
                    raise SystemExit(f"{site / doc}.html is missing: build the website first (make book)")
                pdf, title = print_page(page, f"{base}/{doc}.html")
                printed.append((caption, doc, title, PdfReader(io.BytesIO(pdf))))
                print(f"   {doc}: {len(printed[-1][3].pages)} pages", flush=True)

            def entries(front_pages: int):
                number, rows, seen = front_pages + 1, [], set()
                for caption, doc, title, reader in printed:
                    if caption and caption not in seen:
                        seen.add(caption)
                        rows.append((0, caption, number))
                    rows.append((_level(doc), title, number))
                    number += len(reader.pages)
                return rows

            note = (f"{html.escape(config.get('author', ''))}<br>Printed from the website "
                    f"{html.escape(config['html']['baseurl'])}<br>Text and figures: CC BY 4.0; code: MIT.")
            front = PdfReader(io.BytesIO(front_matter(page, config["title"], entries(2), note)))
            if len(front.pages) != 2:   # the contents took more than one page: number again
                front = PdfReader(io.BytesIO(front_matter(page, config["title"],
                                                          entries(len(front.pages)), note)))
            browser.close()
    finally:
        server.shutdown()

    writer = PdfWriter()
    writer.append(front)
    parents = {}
    for caption, doc, title, reader in printed:
        first = len(writer.pages)
        writer.append(reader)
        if caption and caption not in parents:
            parents[caption] = writer.add_outline_item(title=caption, page_number=first)
        if _level(doc) == 1:
            chapter = writer.add_outline_item(title=title, page_number=first, parent=parents.get(caption))
        else:
            writer.add_outline_item(title=title, page_number=first, parent=chapter)
    writer.add_metadata({"/Title": config["title"], "/Author": config.get("author", "")})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    shutil.copyfile(out, site / "nnbook.pdf")
    return {"pages": len(writer.pages), "documents": len(printed), "seconds": time.monotonic() - start}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("out", nargs="?", default=str(ROOT / "_build" / "pdf" / "nnbook.pdf"))
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").exists():
        print(f"no built website at {site}: run `make book` first", file=sys.stderr)
        return 1
    result = build(site, Path(args.out))
    print(f"== {args.out}: {result['pages']} pages from {result['documents']} web pages "
          f"in {result['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
