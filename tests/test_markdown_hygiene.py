"""Rendered Markdown reads on GitHub as it was meant: no paragraph glued to a list or a table.

GitHub's Markdown (CommonMark + GFM) continues a list item with the next unindented line
("lazy continuation"), and a table with the next line that is not blank. A heading such as
`**Month 2**` written right after a list therefore lands inside its last item; a note
right after a table becomes a table row. Every issue body of the plan, in both languages,
every golden file, the README and the docs are checked.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from llm_roadmap.plan.desired import build_desired
from llm_roadmap.workspace import load_check_items
from testing.repo import REPO_ROOT, RESOURCES, copy_repo, load

if TYPE_CHECKING:
    from pathlib import Path

LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
STARTS_A_BLOCK = re.compile(r"^(?:\s*(?:[-*+]|\d+\.)\s|\s{2,}\S|#|>|\||```|<!--|\s*$)")


def glued(text: str) -> list[str]:
    """Lines that GitHub would glue onto the list item or the table row just above them."""
    problems = []
    fenced = False
    for above, line in pairwise(text.splitlines()):
        if above.startswith("```"):
            fenced = not fenced
        if fenced or STARTS_A_BLOCK.match(line):
            continue
        if LIST_ITEM.match(above) or above.startswith("|"):
            problems.append(f"{above[:60]!r} -> {line[:60]!r}")
    return problems


def test_the_check_itself() -> None:
    assert glued("- a\n**B**\n") == ["'- a' -> '**B**'"]
    assert glued("| a |\n<sub>x</sub>\n") == ["'| a |' -> '<sub>x</sub>'"]
    assert glued("- a\n\n**B**\n- b\n  more\n| a |\n\ntext\n```\n- x\ny\n```\n") == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_issue_body_of_the_plan(tmp_path: Path, language: str) -> None:
    root = copy_repo(tmp_path)
    loaded = load(root)
    desired = build_desired(
        loaded.roadmap,
        loaded.config,
        loaded.schedule,
        loaded.renderer(language),
        "https://github.com/octocat/my-year",
        load_check_items(root, loaded.roadmap),
    )
    problems = {issue.key: found for issue in desired.issues if (found := glued(issue.body))}
    assert problems == {}


def test_every_golden_file_and_the_docs() -> None:
    paths = [
        *sorted((RESOURCES / "golden").rglob("*.md")),
        REPO_ROOT / "README.md",
        *sorted((REPO_ROOT / "docs").glob("*.md")),
        *sorted((REPO_ROOT / "projects").glob("*/README.md")),
    ]
    problems = {
        str(path.relative_to(REPO_ROOT)): found
        for path in paths
        if (found := glued(path.read_text(encoding="utf-8")))
    }
    assert problems == {}
