"""The student edition: the repository without the solutions and without what reveals them, and
with a README written for students (:func:`student_readme`)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path


# Paths (relative to the repository) that reveal solutions: the solutions themselves, and the
# grader's self-tests with their deliberately wrong copies of them.
WITHHELD = ("solutions", "tests/grading")


def tracked_files(root: Path) -> list[Path]:
    """The project's files: under version control or not ignored by git (so no build products,
    no environment)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root, check=True, capture_output=True).stdout
        return [Path(p) for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "_build", "__pycache__"}
        return [p.relative_to(root) for p in root.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(root).parts)]


def withheld(path: Path) -> bool:
    text = path.as_posix()
    return any(text == w or text.startswith(w + "/") for w in WITHHELD)


def release(dest: str | Path, root: str | Path | None = None) -> list[Path]:
    """Copy the student edition of the repository ``root`` (default: the current directory) into
    ``dest`` (which must not exist yet); return the files copied."""
    root = Path.cwd() if root is None else Path(root).resolve()
    dest = Path(dest).resolve()
    readme = student_readme(root)
    if dest.exists():
        raise FileExistsError(f"{dest} exists already; remove it or choose another directory")
    copied = []
    for rel in tracked_files(root):
        if withheld(rel) or not (root / rel).is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
        copied.append(rel)
    (dest / "README.md").write_text(readme)       # the instructors' README stays behind
    if Path("README.md") not in copied:
        copied.append(Path("README.md"))
    return copied


# --- the students' README -------------------------------------------------------------------

KIND_MEANING = {
    "implement": "build what the stub specifies",
    "derive": "derive a gradient that neither the stub nor the chapter states, then implement it",
    "debug": "the stub holds a plausible implementation with one subtle bug: find and fix it",
    "predict": "answer a numeric question before you measure it",
}


def website(root: Path) -> str:
    """The book's address, from ``html.baseurl`` in ``_config.yml`` (ending with "/")."""
    config = (root / "_config.yml").read_text() if (root / "_config.yml").exists() else ""
    m = re.search(r"^\s*baseurl:\s*[\"']?([^\s\"']+)", config, re.M)
    url = m.group(1) if m else ""
    return url if not url or url.endswith("/") else url + "/"


def section_title(root: Path, section: str) -> str:
    """The first heading of a chapter's notebook ("mlp/01_digits" -> "Handwritten digits ...")."""
    path = root / "book" / f"{section}.ipynb"
    if path.exists():
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                m = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.M)
                if m:
                    return m.group(1).strip()
    return section


def student_readme(root: Path) -> str:
    """The student edition's README: how to set up, do and grade an exercise, how hints work,
    where each chapter is on the website, and which grade counts; the exercise list comes from
    the exercises' definitions (the registry the grader discovers)."""
    from nnbook.grading.discover import chapters

    site = website(root)
    found = chapters()
    first = next(iter(found.values()))
    example = next((ex for c in found.values() for ex in c.exercises if len(ex.names) == 1 and ex.hints),
                   first.exercises[0])
    lines = [
        "# nnbook: exercises (student edition)",
        "",
        "Your copy of *nnbook: how neural networks learn, by building them*: the chapters (`book/`),",
        "the package they import (`nnbook/`) and the exercises you write (`exercises/`, one module per",
        "chapter), with a grader that tells you, check by check, what is right and what is not.",
        (f"Read the book on its website, <{site}>, or open its notebooks here." if site else
         "Read the chapters in `book/`."),
        "",
        "## Set up",
        "",
        "You need Python 3.11. The first `make grade` creates `.venv/` with numpy, pytest and the grader",
        "(a small environment: no torch, no Jupyter) and reuses it afterwards. To run the chapters'",
        "notebooks yourself as well, `make setup` installs everything (PyTorch, Jupyter) into the same",
        "`.venv/`; then `.venv/bin/jupyter lab book/`.",
        "",
        "## Do an exercise",
        "",
        "1. Read the section that teaches it (the list below links each one); the exercise's box at",
        "   the place in the section where you can do it states the task and holds its hints.",
        "2. Open `exercises/<chapter>.py`. Each exercise starts with a header: its kind, difficulty,",
        "   time, task and section. Its docstrings give the interface (shapes, dtypes, what to",
        "   validate) and the definitions you need, never the answer. Replace each",
        "   `raise NotImplementedError(...)` line with your code.",
        "3. Grade it:",
        "",
        "   ```bash",
        f"   make grade EXERCISE={example.id}        # one exercise",
        f"   make grade CHAPTER={first.name}      # one chapter",
        "   make grade                     # everything",
        "   ```",
        "",
        f"   In a notebook, `nnbook.grading.check(\"{example.id}\", {example.names[0]})` grades a class or",
        "   function you wrote there, with the same checks and messages.",
        "",
        "Each failed check says what came and what was expected (which output, which shape or dtype,",
        "how far off and where); a table of points per exercise closes the run. Your code runs in a",
        "separate process, so a crash, an infinite loop or a NaN costs that check, never the run.",
        "",
        "Exercises come in four kinds:",
        "",
    ]
    lines += [f"- **{kind}**: {meaning};" for kind, meaning in KIND_MEANING.items()]
    lines[-1] = lines[-1][:-1] + "."
    lines += [
        "",
        "## Hints",
        "",
        "Every exercise has two or three hints, from a nudge to the structure of the answer (never the",
        "code). On the website they are folded under the exercise's box: open one, try again, and open",
        "the next only if you need it. Without the website,",
        f"`.venv/bin/python -m nnbook hint {example.id}` prints the first hint and",
        f"`.venv/bin/python -m nnbook hint {example.id} 2` the second. When the grader recognises a",
        "typical mistake, its message ends by pointing to the hint about it, for example",
        f"\"{example.hint_ref(min(2, len(example.hints)))}\".",
        "",
        "## Your grade",
        "",
        "The grades `make grade` gives are feedback for you, not your grade: the checks, their inputs",
        "and their expected values are all on your machine. The grade that counts comes from your",
        "instructor's autograder, which runs your `exercises/*.py` on fresh inputs that nobody has",
        "seen, compared with the reference solutions. Hand in the files of `exercises/` the way your",
        "instructor tells you.",
        "",
        "## The exercises",
        "",
        "Difficulty in stars (★ to ★★★), the time to expect in minutes.",
    ]
    for chapter in found.values():
        index = f"{site}book/{chapter.name}/index.html" if site else f"book/{chapter.name}/index.md"
        lines += ["", f"### {chapter.title}: [on the website]({index}), in `exercises/{chapter.name}.py`",
                  "", "| exercise | title | write | kind | difficulty | minutes | taught in | points |",
                  "|---|---|---|---|---|---|---|---|"]
        for ex in chapter.exercises:
            symbols = ", ".join(f"`{name}`" for name in ex.names)
            if ex.section:
                anchor = "#exercise-" + ex.id.replace(".", "-")          # the exercise's box
                page = f"{site}book/{ex.section}.html{anchor}" if site else f"book/{ex.section}.ipynb"
                taught = f"[{section_title(root, ex.section)}]({page})"
            else:
                taught = ""
            lines.append(f"| {ex.id} | {ex.title} | {symbols} | {ex.kind} | {ex.stars} | {ex.minutes} | "
                         f"{taught} | {ex.points:g} |")
    return "\n".join(lines) + "\n"
