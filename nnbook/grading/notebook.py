"""Grade one exercise from inside a notebook (Jupyter, Colab, Binder): ``check("1.4", HuberLoss)``.

The same checks, fixtures, sealed worker and messages as ``make grade``: the objects are written
as a module into a temporary folder (their source, the user-defined functions and classes they
use, and imports for the modules and package names they refer to) and that module is graded.

    from nnbook.grading import check
    check("1.4", HuberLoss)                # the exercise's names, defined in the notebook
    check("1.4", HuberLoss=MyHuber)        # under another name
"""
from __future__ import annotations

import ast
import builtins
import inspect
import linecache
import sys
import tempfile
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path

from nnbook.grading.discover import chapters
from nnbook.grading.grade import Result, grade
from nnbook.grading.report import summary_table

_LITERALS = (bool, int, float, complex, str, bytes, type(None))


def find_exercise(exercise: str):
    """(chapter, exercise) for an id such as "1.4"; a ValueError lists the ids there are."""
    if not isinstance(exercise, str):
        raise TypeError(f"exercise must be an id such as '1.4', got {type(exercise).__name__}")
    known = {ex.id: (c, ex) for c in chapters().values() for ex in c.exercises}
    if exercise not in known:
        raise ValueError(f"exercise must be one of {', '.join(sorted(known, key=_order))}; got {exercise!r}")
    return known[exercise]


def _order(exercise_id: str):
    return tuple(int(part) if part.isdigit() else part for part in exercise_id.split("."))


def _class_source(cls: type) -> str:
    """A class's source where ``inspect`` cannot find it (classes defined in a notebook cell)."""
    for member in vars(cls).values():
        code = getattr(inspect.unwrap(member), "__code__", None) if callable(member) else None
        if code is None:
            continue
        lines = linecache.getlines(code.co_filename)
        if not lines:
            continue
        text = "".join(lines)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.name == cls.__name__ \
                    and node.lineno <= code.co_firstlineno <= node.end_lineno:
                start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                return "".join(lines[start - 1:node.end_lineno])
    raise ValueError(f"cannot find the source of class {cls.__name__}: define it in a cell of its own "
                     f"with at least one method, or write it to a file and grade that with `make grade`")


def source_of(obj) -> str:
    """The source text of a function or class defined in the notebook (or in any file)."""
    try:
        return textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        if isinstance(obj, type):
            return textwrap.dedent(_class_source(obj))
        raise ValueError(f"cannot find the source of {obj!r}: define it with `def` or `class` in a cell") from None


def _names_used(source: str) -> set[str]:
    return {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}


def _is_user_defined(obj) -> bool:
    return isinstance(obj, (types.FunctionType, type)) and getattr(obj, "__module__", None) == "__main__"


def _import_line(name: str, value) -> str | None:
    """An import (or literal assignment) that recreates ``name`` in a fresh module, if there is one."""
    if isinstance(value, types.ModuleType):
        return f"import {value.__name__}" if value.__name__ == name else f"import {value.__name__} as {name}"
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if module and module != "__main__" and qualname and "." not in qualname and "<" not in qualname \
            and getattr(sys.modules.get(module), qualname, None) is value:
        return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")
    if type(value) in _LITERALS or (type(value) is tuple and all(type(v) in _LITERALS for v in value)):
        return f"{name} = {value!r}"
    return None


def module_source(objects: dict, namespace: dict) -> str:
    """A module defining ``objects`` (name -> function or class), with whatever of ``namespace``
    (the notebook's globals) their source refers to: imports, literals, and the source of other
    functions and classes defined in the notebook.

    What a definition uses comes before it (a class's base must exist when the class is made), and
    the names given under another name are bound last, so ``check("1.4", HuberLoss=Mine)`` works
    even when ``class Mine(HuberLoss)`` extends the notebook's own ``HuberLoss``."""
    header, bodies, aliases, defined = [], [], [], set()
    pending = list(objects.items())
    while pending:
        name, obj = pending.pop(0)
        if obj.__name__ not in defined:
            defined.add(obj.__name__)
            source = source_of(obj)
            bodies.append(source)
            for used in sorted(_names_used(source) - defined - set(dir(builtins))):
                if used not in namespace or (used in objects and namespace[used] is objects[used]):
                    continue
                value = namespace[used]
                if _is_user_defined(value):
                    pending.append((used, value))
                elif (line := _import_line(used, value)) is not None and line not in header:
                    header.append(line)
        if name != obj.__name__ and (line := f"{name} = {obj.__name__}") not in aliases:
            aliases.append(line)
    return ("# Written by nnbook.grading.check from a notebook's definitions.\n"
            "from __future__ import annotations\n\n" + "\n".join(header) + "\n\n\n"
            + "\n\n".join(reversed(bodies)) + "\n\n" + "\n".join(aliases) + "\n")


FEEDBACK = ("Feedback, not your grade: these checks ran on the public inputs in this notebook's own "
            "kernel,\nwhich you control. The grade that counts is the autograder's, on hidden inputs.")


@dataclass
class Report:
    """What ``check`` returns; a notebook shows that it is feedback (:data:`FEEDBACK`), every check
    with its message and the score table of ``make grade``."""
    results: list[Result]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def __repr__(self) -> str:
        lines = [f"{'PASS' if r.passed else 'FAIL'}  {r.exercise.id} {r.check.name}"
                 + ("" if r.passed else f"\n      {r.message}") for r in self.results]
        return FEEDBACK + "\n\n" + "\n".join(lines) + "\n\n" + summary_table(self.results)


def check(exercise: str, *objects, timeout: float = 10.0, **named) -> Report:
    """Grade ``exercise`` ("1.4") on functions and classes defined in this notebook.

    ``objects`` are taken under their own names (``HuberLoss``), ``named`` under the exercise's
    name (``HuberLoss=MyHuber``); names the exercise needs and not given are looked up in the
    caller's globals. The report holds the results of ``make grade EXERCISE=1.4`` on a module
    defining the same names."""
    chapter, ex = find_exercise(exercise)
    namespace = inspect.currentframe().f_back.f_globals
    given = {getattr(obj, "__name__", None): obj for obj in objects}
    given.update(named)
    for name, obj in given.items():
        if not isinstance(obj, (types.FunctionType, type)):
            raise TypeError(f"check({exercise!r}, ...) takes functions and classes; got {obj!r}"
                            + ("" if name in ex.names else f" (the exercise needs {', '.join(ex.names)})"))
    for name in ex.names:
        if name not in given and _is_user_defined(namespace.get(name)):
            given[name] = namespace[name]
    missing = [name for name in ex.names if name not in given]
    if missing:
        raise ValueError(f"exercise {ex.id} ({ex.title}) needs {', '.join(ex.names)}; "
                         f"define {', '.join(missing)} in the notebook or pass it: "
                         f"check({ex.id!r}, {missing[0]}=your_{missing[0].lower()})")
    with tempfile.TemporaryDirectory(prefix="nnbook-check-") as folder:
        path = Path(folder) / f"{chapter.name}.py"
        path.write_text(module_source(given, namespace))
        return Report(grade(path, chapter=chapter.name, exercise=ex.id, timeout=timeout))
