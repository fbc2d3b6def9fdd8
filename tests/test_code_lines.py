"""Every code line of the book's notebooks fits the website's code column: at most 88 characters.

A longer line scrolls sideways on the website (and wraps nowhere). ``tools/fit_code_lines.py``
reformats the cells that break the rule (black at 88, IPython syntax kept); what it cannot split
(a long docstring line, code inside a string) is shortened by hand. The generated setup cell is
exempt (hidden on the website; tools/sync_setup_cells.py writes it).
"""
from __future__ import annotations

import json
import sys

import pytest

from tests.book_files import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import fit_code_lines  # noqa: E402

NOTEBOOKS = fit_code_lines.notebooks([])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT / "book")) for p in NOTEBOOKS])
def test_notebook_code_lines_fit(path):
    nb = json.loads(path.read_text())
    long = [f"cell {i}, line {n} ({len(line)} characters): {line.strip()[:70]}"
            for i, source in fit_code_lines.code_cells(nb)
            for n, line in fit_code_lines.long_lines(source)]
    assert not long, (f"{path.relative_to(ROOT)}: {len(long)} code line(s) longer than "
                      f"{fit_code_lines.MAX_LINE} characters; run `python tools/fit_code_lines.py`:\n  "
                      + "\n  ".join(long))


def test_fit_splits_long_lines_and_keeps_ipython_syntax():
    source = ("%matplotlib inline\n"
              "!echo hello\n"
              "result = some_function(first_argument=1, second_argument=2, third_argument=3, fourth=4)"
              "  # what it is\n"
              "print(f'a long message about {result} that goes on and on and on, past the column edge')")
    fitted = fit_code_lines.fit(source)
    assert not fit_code_lines.long_lines(fitted), fitted
    assert fitted.startswith("%matplotlib inline\n!echo hello\n"), fitted
    assert "# what it is" in fitted and "'a long message" in fitted, fitted   # quotes kept
    code = "\n".join(l for l in fitted.splitlines() if not l.startswith(("%", "!")))
    scope = {"some_function": lambda **kw: sum(kw.values())}
    exec(compile(code, "<cell>", "exec"), scope)   # still valid Python, same result
    assert scope["result"] == 10


def test_fit_leaves_short_cells_and_reports_what_it_cannot_split():
    assert fit_code_lines.fit("x = 1") == "x = 1"
    long_name = "x" * 100
    assert fit_code_lines.long_lines(fit_code_lines.fit(f"{long_name} = 1")), "an unsplittable line must stay reported"
    with pytest.raises(ValueError, match="black cannot parse"):
        fit_code_lines.fit("def f(:\n    pass" + " " * 90)
