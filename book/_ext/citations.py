"""Citations in the book's text read as in a paper: "(Srivastava et al., 2014)" and
"Kingma and Ba (2015)", each a link to its entry on the references page (book/references.md).

sphinxcontrib-bibtex's ``author_year`` style puts square brackets around both; this registers the
same style with round ones as ``author_year_round`` (``bibtex_reference_style`` in _config.yml).
Every cited work is in book/references.bib; tests/test_citations.py holds the text to it.
"""
from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)


def setup(app):
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_round",
                                  RoundAuthorYearReferenceStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
