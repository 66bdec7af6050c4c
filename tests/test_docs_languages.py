"""The docs speak Japanese first: the roadmap's author and learners read Japanese.

Each page of docs/ opens with its Japanese text and links, near the top, to its English
part further down; every `#anchor` link in the README and the docs lands on a heading that
exists. Anchors follow GitHub's heading ids (github-slugger): lower case, punctuation and
symbols dropped, spaces turned into hyphens, a repeated id suffixed `-1`, `-2`...
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from testing.repo import REPO_ROOT

if TYPE_CHECKING:
    from pathlib import Path

DOCS = sorted((REPO_ROOT / "docs").glob("*.md"))
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
ANCHOR_LINK = re.compile(r"\]\(([^)#\s]*\.md)?#([^)\s]+)\)")
ENGLISH_LINK = re.compile(r"\[English\]\(#([^)]+)\)")


def slug(heading: str) -> str:
    """GitHub's id for a heading: kept are letters, marks, digits, `_`, `-` and spaces."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def headings(text: str) -> list[tuple[str, int]]:
    """The ids of the headings outside code fences with their line numbers, repeats suffixed."""
    ids: list[tuple[str, int]] = []
    seen: Counter[str] = Counter()
    fenced = False
    for number, line in enumerate(text.splitlines()):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            base = slug(match.group(1).replace("`", ""))
            ids.append((f"{base}-{seen[base]}" if seen[base] else base, number))
            seen[base] += 1
    return ids


def test_slug_follows_github() -> None:
    assert slug("Deliverable checks (roadmap check)") == "deliverable-checks-roadmap-check"
    jail = "隔離環境 (jail): コードにできることとできないこと"
    assert slug(jail) == "隔離環境-jail-コードにできることとできないこと"
    assert slug("設定 (roadmap/config.yaml)") == "設定-roadmapconfigyaml"
    assert headings("# A\n```\n# not a heading\n```\n## A\n") == [("a", 0), ("a-1", 4)]


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_a_doc_is_japanese_first_with_a_link_to_its_english_part(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    assert JAPANESE.search(title), f"{path.name}: the first heading should be Japanese: {title!r}"
    top = "\n".join(text.splitlines()[:6])
    link = ENGLISH_LINK.search(top)
    assert link, f"{path.name}: add `[English](#...)` under the title, linking to the English part"
    lines = dict(headings(text))
    assert link.group(1) in lines, f"{path.name}: [English](#{link.group(1)}) lands on no heading"
    japanese_part = "\n".join(text.splitlines()[: lines[link.group(1)]])
    assert len(JAPANESE.findall(japanese_part)) > 200, f"{path.name}: no Japanese before the English part"


@pytest.mark.parametrize("path", [REPO_ROOT / "README.md", *DOCS], ids=lambda path: path.name)
def test_every_anchor_link_lands_on_a_heading(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    broken = []
    for target, anchor in ANCHOR_LINK.findall(text):
        page = (path.parent / target) if target else path
        if anchor not in dict(headings(page.read_text(encoding="utf-8"))):
            broken.append(f"{target}#{anchor}")
    assert broken == []
