"""List the numbers the book's prose states that its code neither computes nor checks.

Every number a chapter states must come from its run (myst-nb's ``glue``) or be asserted where
it is stated. This tool reads each page's Markdown (notebook Markdown cells and the chapters'
``.md`` pages), drops what is not prose (glued values, inline code, links' targets, directive
options, code blocks, citations), and reports each remaining number that does not occur as a
literal in the page's code cells (for a ``.md`` page: in its chapter's notebooks) and is not
listed, with a reason, in ``tests/prose_numbers/<chapter>.txt``.

A number in the code is either a setting (a learning rate, an epoch count) or a checked value
(``assert 0.9 < acc``); both are honest to state. A number that is neither was typed by hand
and goes stale when the run changes: glue it, assert it, or list it with the reason it is a
fact independent of the run (a formula's constant, a paper's result, a dataset's size).

    python tools/prose_numbers.py [book/CHAPTER ...]     # report; exit 1 if anything is left

Allow-list lines: ``FILE  NUMBER  reason`` (FILE relative to the chapter folder, ``*`` for all
pages of the chapter; ``#`` starts a comment).
"""
from __future__ import annotations

import io
import json
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
ALLOWED = ROOT / "tests" / "prose_numbers"

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# a number as prose writes it: 1,600  0.987  3.8e-13  10⁻⁸  87.5 %  2.1e-08
NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+−]?\d+)?"
                    r"(?:\s*[×x]\s*10[⁻−-]?[⁰¹²³⁴⁵⁶⁷⁸⁹\d]+)?(?![\w])")
DROP = [
    re.compile(r"\{glue(?::\w+)?\}`[^`]*`"),        # glued values
    re.compile(r"\{(?:cite|ref|numref|doc|eq|exercise|exercise-ref|download)(?::\w+)?\}`[^`]*`"),
    re.compile(r"``[^`]*``|`[^`]*`"),               # inline code
    re.compile(r"\]\([^)]*\)"),                      # link targets
    re.compile(r"<[^>]+>"),                          # html tags
    re.compile(r"^\s*:[\w-]+:.*$", re.M),            # directive options
    re.compile(r"^#+ .*$", re.M),                    # headings (section numbers, titles)
    re.compile(r"\b(?:section|sections|chapter|chapters|exercise|exercises|hint|step|Figure|"
               r"figure|Table|table|Eq\.|equation|layer|layers)\s+\d+(?:\.\d+)?(?:[–-]\d+)?",
               re.I),
    re.compile(r"\b(?:1[89]|20)\d\d[a-z]?\b"),       # years
]
FENCE = re.compile(r"^(```+|~~~+)[^\n]*\n.*?^\1\s*$", re.M | re.S)


def value(token: str) -> float | None:
    t = token.translate(SUPERSCRIPT).replace(",", "").replace("−", "-").replace(" ", "")
    m = re.fullmatch(r"([\d.]+(?:[eE]-?\d+)?)(?:[×x]10(-?\d+))?", t)
    if not m:
        return None
    v = float(m.group(1))
    return v * 10.0 ** int(m.group(2)) if m.group(2) else v


def code_numbers(sources: list[str]) -> set[float]:
    """Every numeric literal in the code cells (and its percentage and negation)."""
    found: set[float] = set()
    for src in sources:
        src = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(src).readline))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            tokens = []
        for tok in tokens:
            if tok.type == tokenize.NUMBER:
                try:
                    v = float(tok.string.replace("_", "").rstrip("jJ"))
                except ValueError:
                    continue
                found |= {v, v * 100}
            elif tok.type == tokenize.STRING:              # numbers in strings: labels, f-strings
                for m in NUMBER.finditer(tok.string):
                    v = value(m.group())
                    if v is not None:
                        found.add(v)
    return found


LATEX = [
    (re.compile(r"(\d+(?:\.\d+)?)\s*\\(?:times|cdot)\s*10\^\{?([-−]?\d+)\}?"), r"\1e\2"),
    (re.compile(r"(?<![\d.])10\^\{?([-−]?\d+)\}?"), r"1e\1"),          # 10^{-8}
    (re.compile(r"[_^]\{[^}]*\}|[_^]\d"), " "),                           # sub/superscripts
]


def prose(text: str) -> str:
    for pattern, replacement in LATEX:
        text = pattern.sub(replacement, text)
    text = FENCE.sub(lambda m: "" if not m.group(0).lstrip("`~").startswith("{") else
                     "\n".join(m.group(0).splitlines()[1:-1]), text)
    for pattern in DROP:
        text = pattern.sub(" ", text)
    return text


def known(v: float, numbers: set[float]) -> bool:
    return any(abs(v - n) <= 1e-9 * max(1.0, abs(v)) for n in numbers)


def stated(text: str):
    """(token, value, context) for each number worth checking in the prose."""
    for m in NUMBER.finditer(text):
        token = m.group()
        v = value(token)
        if v is None or (v == int(v) and v < 10 and "." not in token):
            continue                                     # small counts: two layers, 3 seeds
        start, end = max(0, m.start() - 50), min(len(text), m.end() + 30)
        yield token, v, " ".join(text[start:end].split())


def pages(chapter: Path):
    notebooks = sorted(chapter.glob("*.ipynb"))
    cells = {nb: json.loads(nb.read_text(encoding="utf-8"))["cells"] for nb in notebooks}
    chapter_code = [("".join(c["source"])) for cs in cells.values() for c in cs
                    if c["cell_type"] == "code"]
    for nb, cs in cells.items():
        code = ["".join(c["source"]) for c in cs if c["cell_type"] == "code"]
        text = "\n\n".join("".join(c["source"]) for c in cs if c["cell_type"] == "markdown")
        yield nb, text, code
    for md in sorted(chapter.glob("*.md")):
        yield md, md.read_text(encoding="utf-8"), chapter_code


def allowed(chapter: Path) -> dict[tuple[str, str], str]:
    path = ALLOWED / f"{chapter.name}.txt"
    rules = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, number, *reason = line.split(None, 2)
                rules[(name, number)] = reason[0] if reason else ""
    return rules


def report(chapter: Path) -> list[str]:
    rules = allowed(chapter)
    problems = []
    for page, text, code in pages(chapter):
        numbers = code_numbers(code)
        for token, v, context in stated(prose(text)):
            if known(v, numbers) or (page.name, token) in rules or ("*", token) in rules:
                continue
            problems.append(f"{page.relative_to(ROOT)}: {token!r} in “{context}”")
    return problems


def main(argv: list[str]) -> int:
    chapters = [Path(a).resolve() for a in argv] or sorted(
        p for p in BOOK.iterdir() if p.is_dir() and not p.name.startswith("_"))
    problems = [p for chapter in chapters for p in report(chapter)]
    print("\n".join(problems) or "every number in the prose is computed, checked or listed")
    print(f"{len(problems)} number(s) to glue, assert or list", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
