"""The exercises' tables and boxes, written from their one definition (``Exercise`` in
``nnbook/grading/chapters/<chapter>/checks.py``) when the book is built; nothing restates it by hand.

Two directives, used in Markdown (an index page or a notebook's Markdown cell)::

    ```{exercise-table} backprop
    ```

renders the chapter's table: id and title, symbols, kind, stars, minutes and points, and the
section that teaches the exercise (a link). ::

    ```{exercise} 1.4
    ```

renders the exercise's box where the section teaches it: its title, kind, stars and minutes, the
task, where to write it (``exercises/<chapter>.py``), how to grade it, and the hints, each folded
into a dropdown ("Hint 1", "Hint 2", ...: a ``<details>`` element, so it opens with the keyboard
and needs no script or network). The box carries the label ``exercise-1-4`` for links.

In running text, the role ``{exercise-ref}`4.3``` names an exercise: "Exercise 4.3 (Label-smoothing
cross-entropy)", linked to its box; an id that does not exist fails the build.

Both directives write MyST Markdown and parse it in place, so the output is what the same text
written by hand would give. Where no Sphinx renders the page (a notebook on Colab or GitHub),
:func:`plain_markdown` writes each box as plain Markdown with its hints in ``<details>``.
"""
from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from nnbook.grading.discover import chapters, find_exercise
from nnbook.grading.framework import Chapter, Exercise

def label(ex: Exercise) -> str:
    """The link target of an exercise's box: "exercise-1-4"."""
    return "exercise-" + ex.id.replace(".", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(chapter: Chapter) -> list[str]:
    """The chapter's exercise table, as MyST Markdown lines: four columns, so that it fits the
    content column (the title beside the id; kind, stars, minutes and points in one cell)."""
    lines = ["| exercise | you write | kind, difficulty, time, points | taught in |",
             "|---|---|---|---|"]
    for ex in chapter.exercises:
        symbols = ", ".join(f"`{name}`" for name in ex.names)
        section = f"{{doc}}`/book/{ex.section}`" if ex.section else ""
        lines.append(f"| **{ex.id}** {_cell(ex.title)} | {symbols} | {ex.kind} {ex.stars} {ex.minutes} min, "
                     f"{ex.worth} | {section} |")
    return lines


VERBS = {"implement": "Write {symbols} in {module}", "derive": "Write {symbols} in {module}",
         "debug": "Find and fix the bug in {symbols} in {module}",
         "predict": "Put your answer in {symbols} in {module}"}


def where(chapter: Chapter, ex: Exercise) -> str:
    """What to do where: "Write `ELU` in `exercises/backprop.py`" (a debug exercise: find and fix)."""
    symbols = ", ".join(f"`{name}`" for name in ex.names)
    return VERBS[ex.kind].format(symbols=symbols, module=f"`exercises/{chapter.name}.py`")


def notebook_check(ex: Exercise) -> str | None:
    """How a notebook grades the exercise, for exercises of one symbol."""
    return f'nnbook.grading.check("{ex.id}", {ex.names[0]})' if len(ex.names) == 1 else None


def box_markdown(chapter: Chapter, ex: Exercise) -> list[str]:
    """The exercise's box, as MyST Markdown lines."""
    check = notebook_check(ex)
    lines = [f"({label(ex)})=",
             f":::{{admonition}} Exercise {ex.id}: {ex.title}",
             ":class: tip nnbook-exercise",
             "",
             f"**{ex.kind}** · difficulty {ex.stars} · about {ex.minutes} minutes · "
             f"{ex.worth}",
             "",
             ex.task,
             "",
             f"{where(chapter, ex)}, then grade it with "
             f"`make grade EXERCISE={ex.id}`"
             + (f" (in a notebook: `{check}`)." if check else "."),
             ""]
    if ex.hints:
        lines += ["Stuck? Open one hint at a time.", ""]
    for n, hint in enumerate(ex.hints, start=1):
        lines += [f"```{{dropdown}} Hint {n}", hint, "```", ""]
    lines.append(":::")
    return lines


BOX = re.compile(r"```\{exercise\}[ \t]+(\S+)[ \t]*\n```")


def plain_markdown(text: str) -> str:
    """``text`` with every exercise box written as Markdown that any notebook viewer renders:
    the title, kind, task, where to write and grade it, and the hints folded in ``<details>``."""
    def box(match: re.Match) -> str:
        chapter, ex = find_exercise(match[1])
        lines = [f"> **Exercise {ex.id}: {ex.title}** ({ex.kind} · {ex.stars} · about {ex.minutes} "
                 f"minutes · {ex.worth})", ">", f"> {ex.task}", ">",
                 f"> {where(chapter, ex)}, then grade it with "
                 f"`make grade EXERCISE={ex.id}`"
                 + (f" (in a notebook: `{notebook_check(ex)}`)." if notebook_check(ex) else ".")]
        for n, hint in enumerate(ex.hints, start=1):
            lines += ["", f"<details><summary>Hint {n}</summary>", "", hint, "", "</details>"]
        return "\n".join(lines)
    return BOX.sub(box, text)


class _Markdown(SphinxDirective):
    required_arguments = 1
    has_content = False

    def parse(self, lines: list[str]) -> list[nodes.Node]:
        container = nodes.container()
        source = f"<{self.name} {self.arguments[0]}>"
        self.state.nested_parse(StringList(lines, source=source), self.content_offset, container)
        return container.children

    def fail(self, message: str) -> list[nodes.Node]:
        raise self.error(f"{self.name} {self.arguments[0]}: {message}")

    def note_dependency(self, chapter: Chapter) -> None:
        """Rebuild the page when the chapter's definitions change."""
        import nnbook.grading.chapters as package
        self.env.note_dependency(f"{package.__path__[0]}/{chapter.name}/checks.py")


class ExerciseTable(_Markdown):
    """```{exercise-table} CHAPTER```: the chapter's exercises, as a table."""

    def run(self):
        name = self.arguments[0]
        found = chapters()
        if name not in found:
            self.fail(f"no chapter with exercises of that name; the chapters are {', '.join(found)}")
        self.note_dependency(found[name])
        return self.parse(table_markdown(found[name]))


class ExerciseBox(_Markdown):
    """```{exercise} ID```: the exercise's box with its task and folded hints."""

    def run(self):
        try:
            chapter, ex = find_exercise(self.arguments[0])
        except ValueError as exc:
            self.fail(str(exc))
        self.note_dependency(chapter)
        return self.parse(box_markdown(chapter, ex))


def reference_text(ex: Exercise) -> str:
    """How running text names an exercise: "Exercise 4.3 (Label-smoothing cross-entropy)"."""
    return f"Exercise {ex.id} ({ex.title})"


def exercise_ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{exercise-ref}`ID```: the exercise's name from its definition, linked to its box."""
    try:
        _, ex = find_exercise(text.strip())
    except ValueError as exc:
        message = inliner.reporter.error(f"exercise-ref {text!r}: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    ref = addnodes.pending_xref(rawtext, refdomain="std", reftype="ref", reftarget=label(ex),
                                refexplicit=True, refwarn=True)
    ref += nodes.inline(rawtext, reference_text(ex))
    return [ref], []


def setup(app):
    app.add_role("exercise-ref", exercise_ref_role)
    app.add_directive("exercise-table", ExerciseTable)
    app.add_directive("exercise", ExerciseBox)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
