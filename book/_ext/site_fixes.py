"""Two fixes to the generated pages that the site tests (tests/site) hold us to.

- Each script once per page. sphinx-thebe registers its configuration script
  (``const THEBE_JS_URL = ...``) again whenever Sphinx re-reads the sources, and Jupyter Book
  reads them twice, so every page declared the constant twice and the browser threw
  "Identifier 'THEBE_JS_URL' has already been declared".
- ``static/nnbook.css``: code and outputs fit the content column (no sideways scrolling at
  1280 px) and figures are never stretched beyond their natural size.
"""
from pathlib import Path

STATIC = Path(__file__).parent / "static"


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


def _add_static(app) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", _add_static)
    app.add_css_file("nnbook.css")
    # html-page-context stops at the first handler that returns a template: run before the others.
    app.connect("html-page-context", _dedupe, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
