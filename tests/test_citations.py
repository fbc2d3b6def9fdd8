"""Every citation in the book is a link to its entry on the references page.

A cited work is written {cite:p}`key` ("(Srivastava et al., 2014)") or {cite:t}`key`
("Srivastava et al. (2014)") in the Markdown of a page, and ``key`` is an entry of
book/references.bib (sphinxcontrib-bibtex renders both; book/_ext/citations.py sets the style).
A citation typed as plain text links nowhere: this test finds them in the pages' Markdown (the
built pages, including the package source the chapters show, are checked by
tests/site/test_clean.py with the same patterns).
"""
from __future__ import annotations

import json
import re

import pytest

from tests.book_files import ROOT, toc_files

BIB = ROOT / "book" / "references.bib"
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
#: Plain-text citations: "He et al.", "Kingma & Ba (2015)", "(Polyak, 1964)", "Smith (2017)".
PLAIN_CITATION = re.compile(
    r"\b[A-Z][\w'-]+ et al\.?"
    r"|\b[A-Z][\w'-]+ (?:&|and) [A-Z][\w'-]+,? \(?(?:19|20)\d\d"
    r"|\([A-Z][\w'-]+,? (?:19|20)\d\d[a-z]?\)"
    r"|\b[A-Z][\w'-]+ \((?:19|20)\d\d[a-z]?\)")


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(), re.M))


def markdown_of(doc: str, suffix: str) -> str:
    """The Markdown a page's reader sees as prose: an .md file, or a notebook's Markdown cells."""
    path = ROOT / (doc + suffix)
    if suffix == ".md":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def without_code(text: str) -> str:
    """``text`` without fenced code, inline code and citation roles (their keys are not prose)."""
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)
    text = CITE.sub("", text)
    return re.sub(r"`[^`\n]*`", "", text)


PAGES = toc_files()


@pytest.mark.parametrize("doc,suffix", PAGES, ids=[d for d, _ in PAGES])
def test_citations_are_links_to_the_bibliography(doc, suffix):
    text = markdown_of(doc, suffix)
    plain = sorted({m.group(0) for m in PLAIN_CITATION.finditer(without_code(text))})
    assert not plain, (f"{doc}: citations typed as plain text (write {{cite:p}}`key` or "
                       f"{{cite:t}}`key` with a key of book/references.bib): {plain}")
    keys = {k.strip() for group in CITE.findall(text) for k in group.split(",")}
    missing = sorted(keys - bib_keys())
    assert not missing, f"{doc}: cites keys that book/references.bib does not have: {missing}"


def test_the_patterns_catch_plain_citations_and_spare_roles():
    text = ("Dropout (Srivastava et al., 2014) and Adam (Kingma & Ba, 2015); He et al. showed; "
            "as Wilson et al. (2017) found; momentum (Polyak, 1964); Smith (2017) cycles. "
            "Cited properly: {cite:p}`he2016deep` and {cite:t}`kingma2015adam`; code `x (2017)`.")
    found = [m.group(0) for m in PLAIN_CITATION.finditer(without_code(text))]
    assert found == ["Srivastava et al.", "Kingma & Ba, 2015", "He et al.", "Wilson et al.",
                     "(Polyak, 1964)", "Smith (2017)"], found


def test_the_bibliography_has_unique_keys_and_a_references_page():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(), re.M)
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert "```{bibliography}" in (ROOT / "book" / "references.md").read_text()
    assert "book/references" in [d for d, _ in PAGES], "the references page is not in _toc.yml"
