"""The ``nnbook`` command line: grading, the student edition, and data.

    nnbook grade [--solutions | --target DIR] [--chapter NAME] [--exercise ID] [--results FILE]
                 [--exit-zero]          exits 1 when a check fails, unless --exit-zero
    nnbook exercises [--check]      regenerate exercises/ from solutions/ (or check they agree)
    nnbook fixtures [--check]       re-record the grader's expected values (or check they are fresh)
    nnbook hint ID [N]              print hint N (default: the first) of exercise ID, e.g. 1.4
    nnbook release DEST             write the student edition (no solutions) to DEST
    nnbook autograder [ZIP]         write the Gradescope autograder (default _build/autograder.zip)
    nnbook fetch NAME [--root DIR]  download a dataset (mnist, fashion-mnist, cifar10) into the cache
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _grade(args) -> int:
    import subprocess

    import pytest

    from nnbook.grading import session
    from nnbook.grading.discover import chapters, find_exercise

    target = Path("solutions" if args.solutions else (args.target or "exercises")).resolve()
    if args.solutions and not target.exists():
        print("solutions/ is not part of the student edition: grade your exercises/ instead")
        return 2
    if not target.exists():
        print(f"{target} does not exist: run `nnbook grade` in the folder that holds exercises/, "
              "or pass --target DIR")
        return 2
    selection = []
    if args.chapter:
        if args.chapter not in chapters():
            print(f"no chapter {args.chapter!r} with exercises; choose one of {', '.join(chapters())}")
            return 2
        selection.append(args.chapter)
    if args.exercise:
        try:
            _, exercise = find_exercise(args.exercise)
        except ValueError as exc:
            print(exc)
            return 2
        selection.append(exercise.marker)
    # The grader's own pytest session: its plugin loaded here (-p), the user's configuration and
    # other plugins left out, the checks collected from the installed package.
    options = [session.__file__, "-p", "nnbook.grading.plugin", "-p", "no:cacheprovider",
               "-p", "no:nbval", "-c", os.devnull, "-q", "-rN", "--no-header",
               # test ids show the checks' names as written (μ, −, ≤), not as \u03bc escapes
               "-o", "disable_test_id_escaping_and_forfeit_all_rights_to_community_support=true",
               f"--rootdir={Path(session.__file__).parent}",
               "--grade-target", str(target), "--grade-results", args.results,
               "--grade-timeout", str(args.timeout)]
    if selection:
        options += ["-m", " and ".join(selection)]
    code = subprocess.run([sys.executable, "-m", "pytest", *options]).returncode
    # 1 when a check fails (so that CI can use the status); --exit-zero: feedback only, 0 unless
    # the run itself failed.
    if args.exit_zero and code == pytest.ExitCode.TESTS_FAILED:
        return 0
    return int(code)


def _exercises(args) -> int:
    from nnbook.grading import generate

    ROOT = Path.cwd()
    if not (ROOT / "solutions").exists():
        print("solutions/ is not part of the student edition: exercises/ is yours to edit")
        return 0
    if args.check:
        stale = generate.differences()
        if stale:
            print("exercises/ is out of date with solutions/ (run `make exercises`):", *stale, sep="\n  ")
            return 1
        print("exercises/ matches solutions/")
        return 0
    for path in generate.write():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def _fixtures(args) -> int:
    from nnbook.grading import fixtures
    from nnbook.grading.discover import chapters

    if not Path("solutions").exists():
        print("solutions/ is not part of the student edition: the fixtures ship as they are")
        return 0
    status = 0
    for name in chapters():
        if args.check:
            stale = fixtures.stale(name)
            if stale:
                print(f"grading fixtures of {name} are stale (run `make fixtures`): {', '.join(stale[:10])}")
                status = 1
            else:
                print(f"grading fixtures of {name} match solutions/{name}.py")
        elif fixtures.write(name):
            print(f"wrote {fixtures.fixture_file(name)}")
        else:
            print(f"{fixtures.fixture_file(name)} unchanged")
    return status


def _hint(args) -> int:
    """One hint at a time, as the exercise's page folds them, for a student without the website."""
    from nnbook.grading.discover import find_exercise

    try:
        _, ex = find_exercise(args.exercise)
    except ValueError as exc:
        print(exc)
        return 2
    if not 1 <= args.n <= len(ex.hints):
        print(f"exercise {ex.id} has {len(ex.hints)} hints: nnbook hint {ex.id} 1 to {len(ex.hints)}")
        return 2
    print(f"Exercise {ex.id} ({ex.title}), hint {args.n} of {len(ex.hints)}:\n{ex.hints[args.n - 1]}")
    if args.n < len(ex.hints):
        print(f"(the next one: nnbook hint {ex.id} {args.n + 1})")
    return 0


def _release(args) -> int:
    from nnbook.grading.release import release

    files = release(args.dest)
    print(f"wrote the student edition ({len(files)} files, no solutions) to {args.dest}\n"
          f"students: cd {args.dest} && make grade")
    return 0


def _autograder(args) -> int:
    from nnbook.grading.autograder import build

    if not Path("solutions").exists():
        print("solutions/ is not part of the student edition: build the autograder from the "
              "instructor's repository")
        return 2
    print(f"wrote {build(args.zip)} (upload it to Gradescope as the autograder, Ubuntu base image)")
    return 0


def _fetch(args) -> int:
    from nnbook.data import download

    try:
        path = download.fetch(args.name, root=args.root)
    except download.DownloadError as exc:
        print(f"nnbook fetch {args.name}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.name} is in {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    if argv is not None and (not isinstance(argv, (list, tuple)) or not all(isinstance(a, str) for a in argv)):
        raise TypeError(f"nnbook.cli.main: argv must be a list of strings (the command line without "
                        f"the program name) or None for sys.argv, got {argv!r:.60}")
    parser = argparse.ArgumentParser(prog="nnbook", description="nnbook: grading, student edition, data")
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade exercises/ (or solutions/) with pytest")
    grade.add_argument("--solutions", action="store_true", help="grade solutions/ instead of exercises/")
    grade.add_argument("--target", help="grade the chapter modules in this directory instead")
    grade.add_argument("--chapter", help="only this chapter (e.g. backprop)")
    grade.add_argument("--exercise", help="only this exercise (e.g. 1.2)")
    grade.add_argument("--results", default="_build/grading/results.json",
                       help="the results file, in Gradescope's JSON format (default %(default)s)")
    grade.add_argument("--timeout", type=float, default=10.0, help="seconds per call into your code")
    grade.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when checks fail (feedback only; by default 1 unless every check passes)")
    grade.set_defaults(run=_grade)

    for name, run, text in (("exercises", _exercises, "regenerate exercises/ from solutions/"),
                            ("fixtures", _fixtures, "re-record the grader's expected values")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--check", action="store_true", help="only check, exit 1 if out of date")
        sub.set_defaults(run=run)

    hint = commands.add_parser("hint", help="print one hint of an exercise")
    hint.add_argument("exercise", help="the exercise, e.g. 1.4")
    hint.add_argument("n", nargs="?", type=int, default=1, help="which hint (default 1)")
    hint.set_defaults(run=_hint)

    release = commands.add_parser("release", help="write the student edition")
    release.add_argument("dest")
    release.set_defaults(run=_release)

    autograder = commands.add_parser("autograder", help="write the Gradescope autograder zip")
    autograder.add_argument("zip", nargs="?", default="_build/autograder.zip")
    autograder.set_defaults(run=_autograder)

    fetch = commands.add_parser("fetch", help="download a dataset into the cache")
    fetch.add_argument("name", choices=["mnist", "fashion-mnist", "cifar10"])
    fetch.add_argument("--root", type=Path, default=None, help="cache directory (default $NNBOOK_DATA)")
    fetch.set_defaults(run=_fetch)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
