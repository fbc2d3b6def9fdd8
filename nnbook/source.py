"""nnbook's own code, shown in the chapters: ``show_source(nnbook.layers.ReLU)``.

The book never keeps a second copy of the package's code: a chapter displays the source itself.
Docstrings are written for Sphinx (``:math:`x^2```, ``$x^2$``, ````cache````,
``:func:`conv2d_forward```); on a page that markup is noise, so a listing shows it as the reader
should see it: math typeset (by the page's MathJax: the site's, JupyterLab's or Colab's), inline
code as code, cross-references as the plain name. The code itself is untouched and highlighted
as Python.
"""
from __future__ import annotations

import html
import inspect
import re
import textwrap

from nnbook import _validate as check

_ROLE = re.compile(r":(math|func|class|meth|mod|attr|data|obj|exc):`([^`]*)`")
# What a docstring's markup is, in the order it is looked for: a ``.. math::`` directive (its
# text on the same line and the lines indented below it), a role, ``literal``, $math$.
_MARKUP = re.compile(
    r"\.\. math::[ \t]*(?P<directive>.*(?:(?:\n[ \t]*)*\n[ \t]{8,}\S.*)*)"
    r"|:(?P<role>math|func|class|meth|mod|attr|data|obj|exc):`(?P<target>[^`]*)`"
    r"|``(?P<literal>[^`]+?)``"
    r"|(?<![\\$])\$(?P<dollar>[^$]+?)(?<!\\)\$(?!\$)")


def readable(source: str) -> str:
    """``source`` with Sphinx roles written plainly: :math:`x` -> $x$, :func:`~a.f` -> f."""
    check.string(source, "source", "readable", empty=True)
    def plain(match: re.Match) -> str:
        role, text = match.groups()
        if role == "math":
            return f"${text}$"
        return _name(text)
    return _ROLE.sub(plain, source)


def _name(target: str) -> str:
    return target.split(".")[-1] if target.startswith("~") else target


def _math(tex: str, display: bool = False) -> str:
    """A span the page's MathJax typesets (Sphinx's own markup for math)."""
    open_, close = (r"\[", r"\]") if display else (r"\(", r"\)")
    return f'<span class="math notranslate nohighlight">{open_}{html.escape(tex.strip())}{close}</span>'


def docstring_html(text: str) -> str:
    """A docstring's text as HTML for a listing: math as math, literals and names as code."""
    check.string(text, "text", "docstring_html", empty=True)
    out, end = [], 0
    for match in _MARKUP.finditer(text):
        out.append(html.escape(text[end:match.start()]))
        end = match.end()
        if match["directive"] is not None:
            out.append(_math(" ".join(match["directive"].split()), display=True))
        elif match["role"] == "math":
            out.append(_math(match["target"]))
        elif match["role"]:
            out.append(f'<code class="nnbook-inline">{html.escape(_name(match["target"]))}</code>')
        elif match["literal"] is not None:
            out.append(f'<code class="nnbook-inline">{html.escape(match["literal"])}</code>')
        else:
            out.append(_math(match["dollar"]))
    out.append(html.escape(text[end:]))
    return "".join(out)


def source_html(source: str) -> str:
    """Python ``source`` highlighted (Pygments, the classes of Sphinx's stylesheet) with its
    docstrings rendered by :func:`docstring_html`."""
    check.string(source, "source", "source_html", empty=True)
    from pygments.lexers import PythonLexer
    from pygments.token import STANDARD_TYPES, String

    def css_class(ttype) -> str:
        while ttype not in STANDARD_TYPES:
            ttype = ttype.parent
        return STANDARD_TYPES[ttype]

    parts = []
    for ttype, value in PythonLexer(stripnl=False, ensurenl=False).get_tokens(source):
        body = docstring_html(value) if ttype in String.Doc else html.escape(value)
        name = css_class(ttype)
        parts.append(f'<span class="{name}">{body}</span>' if name and value.strip() else body)
    # A <div>, not a <pre>: MathJax never looks inside <pre> (nor does JupyterLab's), so the
    # listing keeps its whitespace by style (white-space: pre) instead.
    return ('<div class="highlight-python notranslate"><div class="highlight">'
            # tabindex: a listing wider than the screen scrolls, and keyboard users scroll it too
            '<div class="nnbook-source" tabindex="0" style="white-space: pre; overflow-x: auto; '
            'font-family: var(--pst-font-family-monospace, monospace)">'
            f'{"".join(parts)}</div></div></div>')


def source_text(*objects) -> str:
    """The source of functions, classes or methods, dedented and joined by a blank line."""
    return readable(_source(objects))


def _source(objects) -> str:
    if not objects:
        raise TypeError("show_source: objects is empty; pass at least one function, class or method")
    parts = []
    for obj in objects:
        if not (inspect.isfunction(obj) or inspect.ismethod(obj) or inspect.isclass(obj)
                or inspect.ismodule(obj)):
            raise TypeError(f"show_source: objects must be functions, classes, methods or modules; "
                            f"got {type(obj).__name__} {obj!r:.60}")
        parts.append(textwrap.dedent(inspect.getsource(obj)))
    return "\n".join(parts)


class Listing:
    """The source of some objects as a notebook shows it: HTML with docstrings rendered (Jupyter,
    the website, the PDF), a Markdown code block where only Markdown is shown, plain text
    otherwise."""

    def __init__(self, source: str):
        self.source = check.string(source, "source", "Listing", empty=True)

    def _repr_html_(self) -> str:
        return source_html(self.source)

    def _repr_markdown_(self) -> str:
        return f"```python\n{readable(self.source)}```"

    def __repr__(self) -> str:
        return readable(self.source)


def show_source(*objects) -> Listing:
    """A listing of ``objects``' source, for a notebook cell to display."""
    return Listing(_source(objects))
