"""Write ``exercises/`` from ``solutions/``: every ``# BEGIN SOLUTION`` ... ``# END SOLUTION``
block becomes a stub that raises ``NotImplementedError`` naming the exercise.

A *debug* exercise hands the student a plausible implementation with one subtle bug instead of a
stub. Its block holds the correct code, then the buggy version commented out between
``# BEGIN STUB`` and ``# END STUB`` (each line behind ``# ``), so the solution module stays the
correct one::

    # BEGIN SOLUTION
    return x.mean(axis=0)
    # BEGIN STUB
    # return x.mean(axis=1)
    # END STUB
    # END SOLUTION

The generator writes the stub's lines, uncommented, in place of the whole block.

The exercise's id and title are written once, in the chapter's checks
(``Exercise("1.1", "ELU", ("ELU",), points)``): the generator looks up which exercise asks for the
function or class around each block, names it in the stub, and puts a heading
``# --- Exercise 1.1: ELU (2 points) ---`` above the first object of every exercise, followed by
the exercise's kind, stars, minutes, task and the section that teaches it (see :func:`_heading`). Signatures,
docstrings and everything outside the blocks are kept as they are.
"""
from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
STUB_BEGIN, STUB_END = "# BEGIN STUB", "# END STUB"
HEADER = ("# Generated from solutions/{name} by `make exercises`: fill in the stubs, then\n"
          "# grade your work with `make grade CHAPTER={chapter}`.\n")
WIDTH = 100
BANNER = re.compile(r"# --- \d+\.\d+ .*-{3,}\s*$")   # a section banner of a solution module


def _comment(text: str, width: int = WIDTH) -> list[str]:
    """``text`` as comment lines of at most ``width`` characters."""
    # Code in backticks stays on one line: its spaces are held by a placeholder while wrapping.
    text = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    return [f"# {line}\n".replace("\0", " ")
            for line in textwrap.wrap(text, width - 2, break_on_hyphens=False)]


def _heading(ex) -> str:
    """The header above an exercise's first object, from its one definition: id, title, points,
    kind, stars, minutes, the task, the section that teaches it and where its hints are.

    The hints stay on the exercise's page, folded one by one, so that a student opens only as many
    as needed; the stub says where they are (and ``nnbook hint`` prints one in a terminal)."""
    text = f"# --- Exercise {ex.id}: {ex.title} ({ex.worth}) "
    lines = [text + "-" * max(3, WIDTH - len(text)) + "\n"]
    lines += _comment(f"{ex.kind} · {ex.stars} · about {ex.minutes} minutes")
    if ex.task:
        lines += _comment(f"Task: {ex.task}")
    if ex.section:
        lines += _comment(f"Taught in book/{ex.section}.ipynb; its hints are in the exercise's box "
                          f"there (or `nnbook hint {ex.id}`). Grade it with `make grade EXERCISE={ex.id}`.")
    return "".join(lines) + "\n"


def stub_source(source: str, chapter: str, filename: str = "<solution>", exercise_of=None) -> str:
    """The exercise version of one solution module's source.

    ``exercise_of(name)`` gives the exercise asking for the top-level function or class ``name``
    (default: from the discovered chapter ``chapter``)."""
    if exercise_of is None:
        from nnbook.grading.discover import exercise_of as lookup

        def exercise_of(name):
            return lookup(chapter, name)
    tree = ast.parse(source, filename)
    top = {node.lineno - len(node.decorator_list): node for node in tree.body
           if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    lines = source.splitlines(keepends=True)
    out, i, announced = [], 0, set()
    while i < len(lines):
        line = lines[i]
        node = top.get(i + 1)
        if node is not None:
            ex = exercise_of(node.name)
            if ex is not None and ex.id not in announced:
                announced.add(ex.id)
                out.append(_heading(ex))
        if BANNER.match(line):
            # The solution's own banner ("# --- 3.6 exponential moving average ---"): the
            # generated heading above the exercise's first object replaces it, with its blank line.
            i += 2 if i + 1 < len(lines) and not lines[i + 1].strip() else 1
            continue
        if line.strip() != BEGIN:
            if line.strip() == END:
                raise ValueError(f"{filename}:{i + 1}: {END} without {BEGIN}")
            out.append(line)
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip() != END:
            i += 1
        if i == len(lines):
            raise ValueError(f"{filename}:{start + 1}: {BEGIN} without {END}")
        owner = [f for f in functions if f.lineno <= start + 1 <= f.end_lineno]
        if not owner:
            raise ValueError(f"{filename}:{start + 1}: a solution block must sit inside a function")
        function = max(owner, key=lambda f: f.lineno)
        outer = next(n for n in tree.body if n.lineno <= start + 1 <= n.end_lineno)
        ex = exercise_of(outer.name)
        if ex is None:
            raise ValueError(f"{filename}:{start + 1}: {outer.name} is not asked for by any exercise of "
                             f"chapter {chapter!r}; list it in an Exercise(..., names) of its checks")
        what = function.name if outer is function else f"{outer.name}.{function.name}"
        indent = line[: len(line) - len(line.lstrip())]
        stub = _given_stub(lines[start + 1:i], filename, start + 2)
        if stub is not None:
            out.extend(stub)
        else:
            out.append(f'{indent}raise NotImplementedError("Exercise {ex.id} ({ex.title}): implement {what}")\n')
        i += 1                                                  # skip the END line
    return "".join(out)


def _given_stub(block: list[str], filename: str, first_line: int) -> list[str] | None:
    """The uncommented lines between ``# BEGIN STUB`` and ``# END STUB`` in a solution block, or
    None when the block has no stub of its own (the stub then raises NotImplementedError)."""
    marks = [k for k, line in enumerate(block) if line.strip() in (STUB_BEGIN, STUB_END)]
    if not marks:
        return None
    if len(marks) != 2 or block[marks[0]].strip() != STUB_BEGIN or block[marks[1]].strip() != STUB_END:
        raise ValueError(f"{filename}:{first_line + marks[0]}: a solution block holds one "
                         f"{STUB_BEGIN} ... {STUB_END} pair")
    indent = block[marks[0]][: len(block[marks[0]]) - len(block[marks[0]].lstrip())]
    stub = []
    for k, line in enumerate(block[marks[0] + 1:marks[1]], start=first_line + marks[0] + 1):
        if not line.strip():
            stub.append("\n")
        elif line.startswith(indent + "# ") or line.rstrip("\n") == indent + "#":
            stub.append(indent + line[len(indent) + 2:] if line.startswith(indent + "# ") else "\n")
        else:
            raise ValueError(f"{filename}:{k}: every line of a stub is commented out with '# ' "
                             "at the block's indentation")
    return stub


def without_checks(root: Path | None = None) -> list[str]:
    """Solution modules that have no chapter folder with checks yet."""
    from nnbook.grading.discover import chapters

    root = Path.cwd() if root is None else Path(root)
    return [p.stem for p in sorted((root / "solutions").glob("*.py"))
            if p.name != "__init__.py" and p.stem not in chapters()]


def generated(root: Path | None = None) -> dict[Path, str]:
    """What ``exercises/`` should contain: {path: text} (solutions without checks are left out)."""
    root = Path.cwd() if root is None else Path(root)
    files = {}
    missing = set(without_checks(root))
    for solution in sorted((root / "solutions").glob("*.py")):
        name = solution.name
        if solution.stem in missing:
            continue
        if name == "__init__.py":
            text = '"""Your exercises: one module per chapter. Grade them with `make grade`."""\n'
        else:
            text = HEADER.format(name=name, chapter=solution.stem) + stub_source(
                solution.read_text(), solution.stem, str(solution))
        files[root / "exercises" / name] = text
    return files


def differences(root: Path | None = None) -> list[str]:
    """Files of ``exercises/`` that differ from what the generator writes (or are missing/extra)."""
    root = Path.cwd() if root is None else Path(root)
    expected = generated(root)
    present = {p for p in (root / "exercises").glob("*.py")}
    bad = [str(p.relative_to(root)) for p, text in expected.items()
           if not p.exists() or p.read_text() != text]
    bad += [f"{p.relative_to(root)} (not generated from solutions/)" for p in sorted(present - set(expected))]
    bad += [f"solutions/{name}.py (no checks: add nnbook/grading/chapters/{name}/checks.py)"
            for name in without_checks(root)]
    return bad


def write(root: Path | None = None) -> list[Path]:
    """Regenerate ``exercises/``; return the files that changed."""
    changed = []
    for path, text in generated(root).items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
            changed.append(path)
    return changed
