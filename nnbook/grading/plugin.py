"""pytest plugin of the grader, loaded only where grading asks for it (``-p nnbook.grading.plugin``,
as ``nnbook grade`` does); importing nnbook registers no pytest plugin.

Adds the grading options, one marker per chapter and per exercise (``-m backprop``,
``-m ex1_2``), the session-wide :class:`~nnbook.grading.grade.Grader`, the score table at the
end of the run and the results file in Gradescope's format. The checks are collected from
:mod:`nnbook.grading.session` (``nnbook grade`` passes its file to pytest).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nnbook.grading.discover import chapters
from nnbook.grading.grade import Grader
from nnbook.grading.report import gradescope, summary_table


def pytest_addoption(parser):
    group = parser.getgroup("nnbook grading")
    group.addoption("--grade-target", default="exercises",
                    help="what to grade: exercises (default), solutions, or a directory of chapter modules")
    group.addoption("--grade-results", default=None,
                    help="write the results in Gradescope's JSON format to this file")
    group.addoption("--grade-timeout", type=float, default=10.0,
                    help="seconds each call into the graded code may take (default 10)")


def pytest_configure(config):
    for chapter in chapters().values():
        config.addinivalue_line("markers", f"{chapter.name}: the exercises of the chapter {chapter.title!r}")
        for ex in chapter.exercises:
            config.addinivalue_line("markers", f"{ex.marker}: exercise {ex.id} ({ex.title})")


@pytest.fixture(scope="session")
def grader(request):
    config = request.config
    target = config.getoption("--grade-target")
    g = Grader(Path(target).resolve(), timeout=config.getoption("--grade-timeout"))
    config._nnbook_grader = g
    yield g
    g.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    g = getattr(config, "_nnbook_grader", None)
    if g is None or not g.results:
        return
    terminalreporter.write_sep("=", f"nnbook grade ({config.getoption('--grade-target')})")
    terminalreporter.write_line(summary_table(g.results))
    path = config.getoption("--grade-results")
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(f"{path}.tmp{os.getpid()}")
        tmp.write_text(json.dumps(gradescope(g.results), indent=2) + "\n")
        tmp.replace(path)
        terminalreporter.write_line(f"results written to {path}")
