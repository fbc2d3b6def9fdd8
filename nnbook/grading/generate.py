"""Write ``exercises/`` from ``solutions/``: every ``# BEGIN SOLUTION`` ... ``# END SOLUTION``
block becomes a stub that raises ``NotImplementedError`` naming the exercise.

The exercise is read from the docstring of the function around the block ("Exercise 1.1: ...");
the signature, the docstring and everything outside the blocks are kept as they are.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from nnbook.grading.chapters import ROOT

BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
HEADER = ("# Generated from solutions/{name} by `make exercises`: fill in the stubs, then\n"
          "# grade your work with `make grade CHAPTER={chapter}`.\n")


def _enclosing_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def stub_source(source: str, filename: str = "<solution>") -> str:
    """The exercise version of one solution module's source."""
    tree = ast.parse(source, filename)
    functions = _enclosing_functions(tree)
    lines = source.splitlines(keepends=True)
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
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
        match = re.match(r"\s*(Exercise [\d.]+)", ast.get_docstring(function) or "")
        if not match:
            raise ValueError(f"{filename}: the docstring of {function.name} must start with "
                             "'Exercise <chapter>.<number>:'")
        indent = line[: len(line) - len(line.lstrip())]
        out.append(f'{indent}raise NotImplementedError("{match.group(1)}: implement {function.name}")\n')
        i += 1                                                  # skip the END line
    return "".join(out)


def generated(root: Path = ROOT) -> dict[Path, str]:
    """What ``exercises/`` should contain: {path: text}."""
    files = {}
    for solution in sorted((root / "solutions").glob("*.py")):
        name = solution.name
        if name == "__init__.py":
            text = '"""Your exercises: one module per chapter. Grade them with `make grade`."""\n'
        else:
            text = HEADER.format(name=name, chapter=solution.stem) + stub_source(solution.read_text(), str(solution))
        files[root / "exercises" / name] = text
    return files


def differences(root: Path = ROOT) -> list[str]:
    """Files of ``exercises/`` that differ from what the generator writes (or are missing/extra)."""
    expected = generated(root)
    present = {p for p in (root / "exercises").glob("*.py")}
    bad = [str(p.relative_to(root)) for p, text in expected.items()
           if not p.exists() or p.read_text() != text]
    bad += [f"{p.relative_to(root)} (not generated from solutions/)" for p in sorted(present - set(expected))]
    return bad


def write(root: Path = ROOT) -> list[Path]:
    """Regenerate ``exercises/``; return the files that changed."""
    changed = []
    for path, text in generated(root).items():
        if not path.exists() or path.read_text() != text:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
            changed.append(path)
    return changed
