"""nnbook's own code, shown in the chapters: ``show_source(nnbook.layers.ReLU)``.

The book never keeps a second copy of the package's code: a chapter displays the source itself.
Docstrings are written for Sphinx (``:math:`x^2```, ``:func:`conv2d_forward```); on a page those
roles are noise, so they are shown plainly ($x^2$, conv2d_forward). The code is untouched.
"""
from __future__ import annotations

import inspect
import re
import textwrap

_ROLE = re.compile(r":(math|func|class|meth|mod|attr|data|obj|exc):`([^`]*)`")


def readable(source: str) -> str:
    """``source`` with Sphinx roles written plainly: :math:`x` -> $x$, :func:`~a.f` -> f."""
    def plain(match: re.Match) -> str:
        role, text = match.groups()
        if role == "math":
            return f"${text}$"
        return text.split(".")[-1] if text.startswith("~") else text
    return _ROLE.sub(plain, source)


def source_text(*objects) -> str:
    """The source of functions, classes or methods, dedented and joined by a blank line."""
    if not objects:
        raise TypeError("show_source needs at least one function, class or method")
    parts = []
    for obj in objects:
        if not (inspect.isfunction(obj) or inspect.ismethod(obj) or inspect.isclass(obj)
                or inspect.ismodule(obj)):
            raise TypeError(f"show_source takes functions, classes, methods or modules; "
                            f"got {type(obj).__name__} {obj!r:.60}")
        parts.append(readable(textwrap.dedent(inspect.getsource(obj))))
    return "\n".join(parts)


def show_source(*objects):
    """A Markdown code block of ``objects``' source, for a notebook cell to display."""
    from IPython.display import Markdown
    return Markdown(f"```python\n{source_text(*objects)}```")
