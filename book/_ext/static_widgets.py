"""The environment of the kernels that execute the book's notebooks for the website.

Jupyter Book runs every notebook in a kernel started from this process, so variables set here
reach each of them:

- ``NNBOOK_WIDGETS=static``: ``nnbook.widgets`` playgrounds draw a static figure of small
  multiples, never an ipywidget (whose JavaScript would have to come from a CDN).
- ``NNBOOK_CHECK_FIGURES=1``: a legend that covers data fails the cell that shows the figure
  (``nnbook.plots``: ``plt.show()`` and playgrounds check every figure first).
- ``TQDM_DISABLE=1``: no progress bars saved into the pages (a reader running the notebook still
  sees them).
"""
import os


def setup(app):
    os.environ["NNBOOK_WIDGETS"] = "static"
    os.environ["NNBOOK_CHECK_FIGURES"] = "1"
    os.environ["TQDM_DISABLE"] = "1"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
