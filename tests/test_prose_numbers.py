"""Every number the prose states is glued from the run, checked in the page's code, or listed
with the reason it does not depend on the run (tools/prose_numbers.py explains the rules)."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import prose_numbers  # noqa: E402

CHAPTERS = sorted(p for p in (ROOT / "book").iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_number_in_the_prose_comes_from_the_run(chapter):
    problems = prose_numbers.report(chapter)
    assert not problems, ("numbers typed by hand (glue them, assert them where they are stated, "
                          "or list them in tests/prose_numbers/%s.txt with the reason):\n  "
                          % chapter.name) + "\n  ".join(problems)


def test_the_tool_finds_a_number_typed_by_hand(tmp_path, monkeypatch):
    chapter = tmp_path / "demo"
    chapter.mkdir()
    (chapter / "page.md").write_text("The network reaches 97.3 % after 12,000 steps.\n")
    monkeypatch.setattr(prose_numbers, "ROOT", tmp_path)
    monkeypatch.setattr(prose_numbers, "ALLOWED", tmp_path / "allowed")
    found = prose_numbers.report(chapter)
    assert [p.split("'")[1] for p in found] == ["97.3", "12,000"]
    (tmp_path / "allowed").mkdir()
    (tmp_path / "allowed" / "demo.txt").write_text("page.md 97.3 a paper's figure\n* 12,000\n")
    assert prose_numbers.report(chapter) == []
