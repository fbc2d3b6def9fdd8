"""Make every code line of the book's notebooks fit the column: at most 88 characters.

The website's code column holds about 88 characters at 1280 px; a longer line scrolls sideways
(book/_ext/static/nnbook.css), and in a notebook it makes the reader scroll too. This tool finds
the code cells with longer lines and reformats just those cells with black at line length 88,
splitting long strings into joined pieces, keeping the author's quotes (no string
normalisation) and IPython syntax (``%magic``, ``!shell``
and ``x?`` lines are set aside while black runs and put back verbatim). A long line's trailing
comment moves to its own line above it; full-line comments that are still too long are rewrapped
at the same indentation. The generated setup cell
(tools/sync_setup_cells.py) is left alone.

    python tools/fit_code_lines.py           # rewrite the cells that have long lines
    python tools/fit_code_lines.py --check   # list the long lines; exit 1 if there are any
    python tools/fit_code_lines.py book/cnn/02_from_scratch.ipynb   # only these notebooks

tests/test_code_lines.py holds the book to it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sync_setup_cells  # noqa: E402  (the notebooks' canonical JSON and their setup cell)

MAX_LINE = 88
# IPython syntax black cannot parse: line magics, shell escapes, help (``obj?``), cell magics.
_IPYTHON = re.compile(r"^\s*(%|!|\?)|\?\s*$")
_COMMENT = re.compile(r"^(?P<indent>\s*)#\s?(?P<text>.*)$")


def long_lines(source: str, limit: int = MAX_LINE) -> list[tuple[int, str]]:
    """(1-based line number, line) of every line of ``source`` longer than ``limit``."""
    return [(n, line) for n, line in enumerate(source.splitlines(), 1) if len(line) > limit]


def code_cells(nb: dict):
    """(index, source) of every code cell of ``nb`` but the generated setup cell."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and not sync_setup_cells.is_setup_cell(cell):
            yield i, "".join(cell["source"])


def _wrap_comments(source: str, limit: int) -> str:
    out = []
    for line in source.splitlines():
        match = _COMMENT.match(line)
        if len(line) > limit and match:
            prefix = match["indent"] + "# "
            out.extend(textwrap.wrap(match["text"], width=limit, initial_indent=prefix,
                                     subsequent_indent=prefix, break_long_words=False,
                                     break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)


def _lift_comments(source: str, limit: int) -> str:
    """Trailing comments of lines longer than ``limit`` moved to their own line above (black
    would otherwise wrap the code around them)."""
    import io
    import tokenize

    lines = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return source
    for token in reversed(tokens):
        row, col = token.start
        line = lines[row - 1] if row <= len(lines) else ""
        code = line[:col].rstrip()
        if token.type != tokenize.COMMENT or not code.strip() \
                or len(code) + 2 + len(token.string) <= limit:   # black's two spaces fit
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines[row - 1: row] = [indent + token.string, code]
    return "\n".join(lines)


def fit(source: str, limit: int = MAX_LINE) -> str:
    """``source`` (one code cell) reformatted so that its lines fit ``limit`` where black can.

    Raises ``ValueError`` naming the problem if the cell is not valid Python (after setting its
    IPython lines aside)."""
    import black

    if not cell_magic_free(source):
        return source          # %%bash, %%timeit ...: not Python, left as written
    lines = _lift_comments(source, limit).splitlines()
    kept = {}
    for i, line in enumerate(lines):
        if _IPYTHON.search(line):
            token = f"# __nnbook_ipython_{i}__"
            kept[token] = line.strip()
            lines[i] = line[: len(line) - len(line.lstrip())] + token
    # string_processing splits long strings and f-strings into implicitly joined pieces
    mode = black.Mode(line_length=limit, string_normalization=False, preview=True,
                      enabled_features={black.mode.Preview.string_processing})
    try:
        formatted = black.format_str("\n".join(lines) + "\n", mode=mode)
    except black.InvalidInput as error:
        raise ValueError(f"black cannot parse the cell: {error}") from None
    for token, line in kept.items():
        formatted = formatted.replace(token, line)
    return _wrap_comments(formatted.rstrip("\n"), limit)


def cell_magic_free(source: str) -> bool:
    return not source.lstrip().startswith("%%")


def notebooks(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    return sync_setup_cells.notebooks()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the long lines")
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: every one under book/)")
    args = parser.parse_args(argv)
    remaining = []
    for path in notebooks(args.notebooks):
        nb = json.loads(path.read_text())
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        changed = 0
        for i, source in code_cells(nb):
            if not long_lines(source):
                continue
            if not args.check:
                try:
                    new = fit(source)
                except ValueError as error:
                    print(f"{name}, cell {i}: {error}", file=sys.stderr)
                    new = source
                if new != source:
                    nb["cells"][i]["source"] = new.splitlines(keepends=True)
                    changed += 1
                    source = new
            remaining += [(name, i, n, line) for n, line in long_lines(source)]
        if changed:
            path.write_text(sync_setup_cells.dumps(nb))
            print(f"reformatted {changed} cell(s) in {name}")
    for name, i, n, line in remaining:
        print(f"{name}, cell {i}, line {n}: {len(line)} characters: {line.strip()[:60]}...",
              file=sys.stderr)
    if remaining:
        print(f"{len(remaining)} code line(s) longer than {MAX_LINE} characters"
              + ("" if args.check else ": shorten them by hand (long strings, trailing comments)"),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
