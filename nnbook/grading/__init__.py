"""The grader: stubs generated from solutions, checks judged in the grader's process, student code
run apart in a sealed worker.

- :mod:`~nnbook.grading.framework`: exercises, checks, the context a check works with
  (``ctx.run``/``ctx.call``, ``ctx.match``, ``ctx.require``, ``ctx.rng``) and the messages;
- :mod:`~nnbook.grading.discover`: finds the chapters (no registry);
- :mod:`~nnbook.grading.worker`: runs student code in a separate process with limits;
- :mod:`~nnbook.grading.fixtures`: expected values recorded from the solutions (package data);
- :mod:`~nnbook.grading.generate`: writes ``exercises/`` from ``solutions/``;
- :mod:`~nnbook.grading.plugin` and :mod:`~nnbook.grading.session`: the pytest run of ``nnbook grade``
  (the plugin is loaded with ``-p nnbook.grading.plugin``, never by installing nnbook).

How to add a chapter's exercises
--------------------------------
Say the chapter is ``optimization`` with exercises 3.1, 3.2, ...

1. ``solutions/optimization.py``: the reference code. Put every part a student writes between
   ``# BEGIN SOLUTION`` and ``# END SOLUTION`` inside a function or method; do not write exercise
   numbers anywhere in it (the stub generator adds them from the checks).
2. ``nnbook/grading/chapters/optimization/__init__.py`` (empty) and ``checks.py`` defining
   ``CHAPTER = Chapter("optimization", "Optimization", [EX1, EX2, ...])`` with
   ``EX1 = Exercise("3.1", "Title", ("function_or_class", ...), points)`` and its checks
   (``@EX1.check("what it checks")``); read ``chapters/backprop/checks.py`` as the example.
   Inputs come from ``ctx.rng(k)`` (fresh seeds in the autograder's hidden-input mode); compare
   with the solution through ``ctx.match(key, label, value)``. Mark the checks of the exercise's
   values against the reference ``@EX1.check("...", gate=True)``: its other checks (validation,
   shapes, numerical gradients) are graded only once they pass. Judge a numerical gradient with
   ``ctx.agree_numerically(label, analytic, numeric)`` (against the student's own forward pass
   and the reference's gradient). A hidden draw the reference fails is redrawn, so a check needs
   no special care for unlucky seeds (``tests/grading/test_hidden_seeds.py`` sweeps thousands). Helpers that must run next to the
   student's code (they are given to it, e.g. a function to differentiate) go in the chapter's
   ``tasks.py`` and are called as ``ctx.run("optimization:helper", ...)``.
3. ``make fixtures`` (records ``fixtures.json`` + ``fixtures.sha256`` in that folder) and
   ``make exercises`` (writes ``exercises/optimization.py``).
4. Proof for ``make test``: at least 3 mutants per exercise in
   ``tests/grading/mutants/optimization/<name>.py`` (each declares ``EXERCISE = "3.1"``) and one
   correct alternative per exercise in ``tests/grading/alternatives/optimization/<name>.py``. The
   grader's self-tests find them and the chapter by themselves.

Nothing else: no central file lists the chapters or their exercises.
"""


def __getattr__(name: str):
    # ``nnbook.grading.check("1.4", HuberLoss)`` from a notebook, imported only when used, so that
    # the grading worker's own imports stay light.
    if name == "check":
        from nnbook.grading.notebook import check
        return check
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
