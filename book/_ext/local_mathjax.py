"""Serve MathJax from the built site itself, so math renders for a reader (and a browser test) offline.

The MathJax 3 build comes from the pinned ``django-static-mathjax`` wheel (static files only).
"""
from pathlib import Path
import shutil

import mathjax

SOURCE = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
TARGET = "_static/mathjax"


def _use_local_mathjax(app, config) -> None:
    config.mathjax_path = "mathjax/tex-chtml.js"


def _copy_mathjax(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copytree(SOURCE, Path(app.outdir) / TARGET, dirs_exist_ok=True)


def setup(app):
    app.connect("config-inited", _use_local_mathjax)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
