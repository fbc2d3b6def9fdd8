"""The autograder: stubs generated from solutions, checks run by pytest, student code kept apart.

- :mod:`~nnbook.grading.generate` writes ``exercises/`` from ``solutions/``;
- :mod:`~nnbook.grading.worker` runs student code in a separate process with a time limit;
- :mod:`~nnbook.grading.checks` holds the check framework and the comparison messages;
- one module per chapter (:mod:`~nnbook.grading.backprop`, ...) declares its exercises;
- :mod:`~nnbook.grading.plugin` turns every check into a pytest test and writes the report.
"""
