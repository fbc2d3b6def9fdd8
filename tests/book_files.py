"""Where the book's pages are: read from _toc.yml and _config.yml, the single sources."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _walk(node: dict | list, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, out)
        return
    if "file" in node:
        out.append(node["file"])
    for key in ("root", "chapters", "sections", "parts"):
        if key == "root":
            if key in node:
                out.append(node["root"])
        elif key in node:
            _walk(node[key], out)


def toc_files() -> list[tuple[str, str]]:
    """Every document in _toc.yml, in reading order, as (path without suffix, suffix)."""
    docs: list[str] = []
    _walk(yaml.safe_load((ROOT / "_toc.yml").read_text()), docs)
    result = []
    for doc in docs:
        stem = doc.rsplit(".", 1)[0] if doc.endswith((".md", ".ipynb")) else doc
        suffix = next(s for s in (".ipynb", ".md") if (ROOT / (stem + s)).exists())
        result.append((stem, suffix))
    return result


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def repository() -> dict:
    return config()["repository"]
