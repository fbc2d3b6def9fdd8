"""The score table a student reads and the results file an LMS reads (Gradescope's format)."""
from __future__ import annotations

from collections import defaultdict

from nnbook.grading.grade import Result


def by_exercise(results: list[Result]) -> dict[str, list[Result]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[r.exercise.id].append(r)
    return dict(groups)


def summary_table(results: list[Result]) -> str:
    """One line per exercise: checks passed, points, and the first problem to fix."""
    rows = [("exercise", "title", "checks", "points", "first problem")]
    total = maximum = 0.0
    for ex_id, group in by_exercise(results).items():
        ex = group[0].exercise
        score = sum(r.score for r in group)
        total, maximum = total + score, maximum + ex.points
        failing = [r for r in group if not r.passed]
        problem = failing[0].message if failing else "-"
        if all("not implemented yet" in r.message for r in failing) and failing:
            problem = "not implemented yet"
        rows.append((ex_id, ex.title, f"{sum(r.passed for r in group)}/{len(group)}",
                     f"{score:g}/{ex.points:g}", problem if len(problem) <= 70 else problem[:67] + "..."))
    rows.append(("total", "", "", f"{total:g}/{maximum:g}", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for k, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4])
        if k in (0, len(rows) - 2):
            lines.append("-" * (sum(widths) + 8 + len(rows[0][4])))
    return "\n".join(lines)


def gradescope(results: list[Result]) -> dict:
    """Gradescope autograder results: https://gradescope-autograders.readthedocs.io/en/latest/specs/"""
    tests = [{"name": r.name, "number": r.exercise.id, "score": round(r.score, 4),
              "max_score": round(r.max_score, 4), "status": "passed" if r.passed else "failed",
              "output": r.message or "passed"} for r in results]
    return {"score": round(sum(r.score for r in results), 4),
            "output": summary_table(results),
            "visibility": "visible",
            "tests": tests}
