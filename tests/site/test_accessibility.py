"""Every page of the site passes an axe-core audit (WCAG 2.1 A and AA) with no critical or
serious violation, and every figure says in words what it shows.

axe-core is the npm package the Makefile installs into ``.venv/node_modules`` (``make axe``);
it is injected from disk, so the audit runs offline. ``python -m tests.site.test_accessibility``
prints the count of violations per impact for every page (the numbers the closing note of an
accessibility change quotes).
"""
from __future__ import annotations

import collections
import re
import sys

import pytest

from tests.book_files import ROOT, toc_files

AXE = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [doc for doc, _ in toc_files()]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n').slice(1, 2).join('').trim())}));
}"""


def audit(page, url: str) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``url`` once its math is typeset."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: `make axe` installs it from npm")
    page.goto(url, wait_until="networkidle")
    if page.locator("div.math, span.math").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, WCAG)


@pytest.mark.parametrize("doc", PAGES, ids=PAGES)
def test_page_has_no_serious_accessibility_violation(page, site_url, doc):
    violations = [v for v in audit(page, f"{site_url}/{doc}.html") if v["impact"] in BLOCKING]
    assert not violations, f"{doc}:\n" + "\n".join(
        f"  {v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} element(s): {v['nodes'][:3]}"
        for v in violations)


def test_the_audit_catches_a_violation(page, site_url):
    """The audit is live: a button without a name on a real page is reported as critical."""
    page.goto(f"{site_url}/{PAGES[0]}.html", wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    page.evaluate("document.querySelector('main article').insertAdjacentHTML('beforeend', "
                  "'<button><i class=\"fa-solid fa-bars\"></i></button><img src=\"x.png\">')")
    found = {v["id"]: v["impact"] for v in page.evaluate(RUN, WCAG)}
    assert found.get("button-name") == "critical" and found.get("image-alt") == "critical", found


#: alt text that is a file name or path, not a description ("_images/abc123.png", "figure.svg").
FILE_NAME = re.compile(r"^\S*\.(png|jpe?g|svg|gif|webp)$|^\S*/\S*$|^[0-9a-f]{16,}", re.I)


def bad_alt_texts(page) -> list[str]:
    """src of every figure in the page's content whose alt text is missing, empty or a file name."""
    return page.evaluate("""() => [...document.querySelectorAll('main article img')]
        .map(img => [img.getAttribute('src'), img.getAttribute('alt')])""")


@pytest.mark.parametrize("doc", PAGES, ids=PAGES)
def test_every_figure_says_what_it_shows(page, site_url, doc):
    page.goto(f"{site_url}/{doc}.html", wait_until="networkidle")
    bad = [src for src, alt in bad_alt_texts(page)
           if not alt or not alt.strip() or FILE_NAME.search(alt.strip()) or alt.strip() == src]
    assert not bad, (f"{doc}: {len(bad)} figure(s) whose alt text is missing or a file name "
                     f"(give each figure a sentence saying what it shows): {bad[:5]}")


def main() -> None:
    """Print the violations per impact on every page of the site in $NNBOOK_SITE (or _build/html)."""
    from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS, SITE, _QuietHandler
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    total, rules = collections.Counter(), collections.Counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for doc in PAGES:
            for v in audit(page, f"{url}/{doc}.html"):
                total[v["impact"]] += len(v["nodes"])
                rules[(v["impact"], v["id"])] += len(v["nodes"])
        browser.close()
    server.shutdown()
    print(f"{len(PAGES)} pages; elements in violation per impact:",
          dict(sorted(total.items())) or "none")
    for (impact, rule), n in sorted(rules.items()):
        print(f"  {impact:9} {rule:32} {n}")


if __name__ == "__main__":
    sys.exit(main())
