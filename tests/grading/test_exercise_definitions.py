"""Every exercise is defined once, completely, and nothing in the book, the stubs or the READMEs
contradicts that definition: no exercise id that does not exist, no symbol that does not exist,
no symbol attributed to the wrong exercise."""
from __future__ import annotations

import ast
import builtins
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnbook.grading.discover import chapters
from nnbook.grading.framework import KINDS

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = chapters()
EXERCISES = {ex.id: (chapter, ex) for chapter in CHAPTERS.values() for ex in chapter.exercises}


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_is_defined_completely(exercise_id):
    chapter, ex = EXERCISES[exercise_id]
    notebook = ROOT / "book" / f"{ex.section}.ipynb"
    assert ex.section.startswith(f"{chapter.name}/") and notebook.exists(), \
        f"{ex.id}: section {ex.section!r} is no notebook of the chapter {chapter.name}"
    assert ex.kind in KINDS
    assert ex.difficulty in (1, 2, 3) and 5 <= ex.minutes <= 180, (ex.difficulty, ex.minutes)
    assert 20 <= len(ex.task) <= 300, f"{ex.id}: the task is one or two sentences"
    assert 2 <= len(ex.hints) <= 3 and all(len(h) > 20 for h in ex.hints), ex.hints
    assert len(set(ex.hints)) == len(ex.hints)
    # The box stands in the section that teaches the exercise, and only there.
    boxes = [p for p in BOOK_TEXTS if any(m == ex.id for m in boxes_in(BOOK_TEXTS[p]))]
    assert boxes == [notebook.relative_to(ROOT).as_posix()], \
        f"exercise {ex.id}'s box should be in {ex.section} (only), found in {boxes}"


def test_every_chapter_index_shows_its_table():
    for name in CHAPTERS:
        text = (ROOT / "book" / name / "index.md").read_text()
        assert f"```{{exercise-table}} {name}\n```" in text, f"book/{name}/index.md has no exercise table"


def test_hint_references_point_to_existing_hints():
    _, ex = EXERCISES["1.4"]
    assert ex.hint_ref(2) == "see hint 2 of exercise 1.4"
    with pytest.raises(ValueError, match="has 3 hints"):
        ex.hint_ref(4)


# --- references in the text ---------------------------------------------------------------------

def markdown_of(path: Path) -> str:
    """The Markdown of a page: a .md file, or a notebook's Markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text()


def texts(root: Path) -> dict[str, str]:
    """Every text a student reads about exercises: the book's pages, the stubs, the READMEs."""
    paths = sorted((root / "book").rglob("*.md")) + sorted((root / "book").rglob("*.ipynb"))
    paths += sorted((root / "exercises").glob("*.py")) + sorted(root.glob("README*.md"))
    return {p.relative_to(root).as_posix(): markdown_of(p) for p in paths
            if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts}


BOOK_TEXTS = texts(ROOT)
ID = r"\d+\.\d+"
MENTION = re.compile(rf"[Ee]xercises?\s+({ID}(?:(?:,\s*|,?\s+and\s+|\s*[-–]\s*|\s+to\s+){ID})*)"
                     rf"|EXERCISE=({ID})|check\(\"({ID})\"|\{{exercise\}}\s+({ID})|\{{exercise-ref\}}`({ID})`|nnbook hint ({ID})")
BOX = re.compile(rf"```\{{exercise\}}\s+({ID})\s*\n```")
CHECK_CALL = re.compile(rf"check\(\"({ID})\",\s*([A-Za-z_]\w*)\)")
BACKTICKED = re.compile(r"(?<![\w.`:])`([A-Za-z_][A-Za-z0-9_]*)(?:\([^`]*\))?`")


def boxes_in(text: str) -> list[str]:
    return BOX.findall(text)


def mentioned_ids(text: str) -> list[str]:
    ids = []
    for m in MENTION.finditer(text):
        if m.group(1):
            ids += re.findall(ID, m.group(1))
        ids += [g for g in m.groups()[1:] if g]
    return ids


def _identifiers(paths) -> set[str]:
    names = set()
    for path in paths:
        try:
            tree = ast.parse(path.read_text())
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return names


def known_names(root: Path) -> set[str]:
    """Identifiers that exist: in nnbook, in the notebooks' code, in Python and numpy."""
    code = [p for p in (root / "nnbook").rglob("*.py")]
    names = _identifiers(code) | set(dir(builtins)) | set(dir(np))
    for nb in (root / "book").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] == "code":
                try:
                    tree = ast.parse("".join(cell["source"]))
                except SyntaxError:
                    continue
                names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
                names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return names


def wrong_references(found: dict[str, str], exercises=EXERCISES, known: set[str] | None = None) -> list[str]:
    """What the texts say about exercises that is not so, one line per problem."""
    known = known_names(ROOT) if known is None else known
    owner = {name: ex_id for ex_id, (_, ex) in exercises.items() for name in ex.names}
    problems = []
    for where, text in found.items():
        for paragraph in re.split(r"\n\s*\n", text):
            ids = list(dict.fromkeys(mentioned_ids(paragraph)))
            for ex_id in ids:
                if ex_id not in exercises:
                    problems.append(f"{where}: names exercise {ex_id}, which does not exist "
                                    f"({paragraph.strip()[:80]!r})")
            for ex_id, symbol in CHECK_CALL.findall(paragraph):
                if ex_id in exercises and symbol not in exercises[ex_id][1].names:
                    problems.append(f"{where}: grades {symbol} as exercise {ex_id}, which asks for "
                                    f"{', '.join(exercises[ex_id][1].names)}")
            for symbol in BACKTICKED.findall(paragraph):
                if symbol in owner:
                    if ids and owner[symbol] not in ids and not where.startswith("exercises/"):
                        problems.append(f"{where}: attributes `{symbol}` to exercise "
                                        f"{' / '.join(ids)}; it belongs to exercise {owner[symbol]}")
                elif symbol not in known and (re.search(r"_(forward|backward|loss)$", symbol) or (
                        ids and re.search(r"_|^[A-Z]", symbol))):   # a function or class name
                    problems.append(f"{where}: names `{symbol}`"
                                    + (f" for exercise {' / '.join(ids)}" if ids else "")
                                    + ", which exists neither as an exercise's symbol nor in nnbook")
    return problems


def test_no_text_names_an_exercise_or_a_symbol_that_does_not_exist():
    problems = wrong_references(BOOK_TEXTS)
    assert not problems, "\n".join(problems)


def test_the_reference_check_finds_the_old_mistakes():
    """The texts as they were before the exercises were generated (issue 18) fail the check."""
    old = {
        "book/backprop/index.md": "| 1.1 | `elu_forward` / `elu_backward` | the ELU activation |\n"
                                  "| 1.5 | `two_layer_loss` | a two-layer network |",
        "book/mlp/02_hyperparameters.ipynb": "```{admonition} Exercise 2.2\nImplement "
                                             "`batchnorm_forward` and `batchnorm_backward` in "
                                             "`exercises/mlp.py`\n```",
        "book/optimization/02_momentum_adam.ipynb": "Exercise 3.1 asks you to implement the "
                                                    "look-ahead form with `nesterov_step`.",
        "README.md": 'grades with `nnbook.grading.check("1.4", ELU)`, and exercise 9.9 too.',
        "book/regularization/04_dropout.ipynb": "Exercise 4.5: write `DropConnect`.",
    }
    problems = "\n".join(wrong_references(old))
    for text in ("`elu_forward`", "`two_layer_loss`", "`batchnorm_forward`", "`nesterov_step`",
                 "grades ELU as exercise 1.4", "exercise 9.9", "`DropConnect` to exercise 4.5"):
        assert text in problems, (text, problems)


def test_exercise_boxes_render_from_the_definition():
    import importlib.util
    spec = importlib.util.spec_from_file_location("exercise_directives",
                                                  ROOT / "book" / "_ext" / "exercise_directives.py")
    directives = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(directives)
    chapter, ex = EXERCISES["4.6"]
    box = "\n".join(directives.box_markdown(chapter, ex))
    assert f"Exercise 4.6: {ex.title}" in box and "exercises/regularization.py" in box
    assert "make grade EXERCISE=4.6" in box and ex.task in box and ex.stars in box
    assert [f"```{{dropdown}} Hint {n}" for n in (1, 2, 3)] == re.findall(r"```\{dropdown\} Hint \d", box)
    table = "\n".join(directives.table_markdown(chapter))
    assert all(f"| **{e.id}** {e.title} | " in table and f"| {e.kind} {e.stars} {e.minutes} min, {e.worth} |" in table
               for e in chapter.exercises)
    assert "{doc}`/book/regularization/04_dropout`" in table


# --- the student edition's README -----------------------------------------------------------------

def test_student_readme_speaks_to_students_and_lists_every_exercise(tmp_path):
    from nnbook.grading.release import release, student_readme, website

    text = student_readme(ROOT)
    site = website(ROOT)
    assert site.startswith("https://") and site.endswith("/")
    for chapter in CHAPTERS.values():
        assert f"({site}book/{chapter.name}/index.html)" in text and f"`exercises/{chapter.name}.py`" in text
        for ex in chapter.exercises:
            assert f"| {ex.id} | {ex.title} | " in text and f"| {ex.kind} | {ex.stars} | {ex.minutes} |" in text
            if ex.section:
                assert f"book/{ex.section}.html#exercise-{ex.id.replace('.', '-')})" in text
    for words in ("make grade EXERCISE=", "make grade CHAPTER=", "nnbook hint", "see hint 2 of exercise",
                  "feedback", "autograder", "Python 3.11"):
        assert words in text, words
    for instructors_only in ("solutions/", "make autograder", "make fixtures", "make exercises", "mutants",
                             "make test", "Instructors", "Gradescope"):
        assert instructors_only not in text, instructors_only
    assert wrong_references({"README.md (student edition)": text}) == []
    # The edition carries it in place of the instructors' README.
    release(tmp_path / "student", ROOT)
    assert (tmp_path / "student" / "README.md").read_text() == text


def test_exercise_boxes_read_as_plain_markdown_where_sphinx_does_not_render():
    """On Colab the box is Markdown with the hints folded in <details>, not a bare directive."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("exercise_directives",
                                                  ROOT / "book" / "_ext" / "exercise_directives.py")
    directives = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(directives)
    text = directives.plain_markdown("Before.\n\n```{exercise} 1.4\n```\n\nAfter.")
    _, ex = EXERCISES["1.4"]
    assert "{exercise}" not in text and text.startswith("Before.") and text.endswith("After.")
    assert f"**Exercise 1.4: {ex.title}**" in text and ex.task in text
    assert 'nnbook.grading.check("1.4", HuberLoss)' in text
    assert text.count("<details><summary>Hint") == len(ex.hints)


PLAIN_MENTION = re.compile(rf"(?<![`{{])\b[Ee]xercises?\s+{ID}")


def test_the_book_names_exercises_through_their_definition():
    """Running text names an exercise with {exercise-ref}`ID` (its title comes from the
    definition and the name links to its box), never by an id typed by hand."""
    typed = [f"{page}: {m.group()!r}" for page, text in BOOK_TEXTS.items()
             if page.startswith("book/") for m in PLAIN_MENTION.finditer(text)]
    assert not typed, "exercise ids typed by hand:\n  " + "\n  ".join(typed)
    assert PLAIN_MENTION.search("Label smoothing, exercise 4.3, attacks")
    assert not PLAIN_MENTION.search("Label smoothing ({exercise-ref}`4.3`) attacks")
