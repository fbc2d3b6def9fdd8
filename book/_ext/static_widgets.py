"""Executed notebooks draw playgrounds as static figures on the website (``nnbook.widgets``).

Jupyter Book runs every notebook in a kernel started from this process, so the variable set here
reaches ``nnbook.widgets.mode()`` in each of them: the site gets a figure of small multiples and
never an ipywidget, whose JavaScript would have to come from a CDN.
"""
import os


def setup(app):
    os.environ["NNBOOK_WIDGETS"] = "static"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
