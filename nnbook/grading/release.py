"""The student edition: the repository without the solutions and without what reveals them."""
from __future__ import annotations

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
    return copied
