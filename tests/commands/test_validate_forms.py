"""`roadmap validate` refuses an issue template that applies the ownership label `roadmap`:
GitHub applies a template's labels to anyone's issue, and the label is proof of ownership
(`llm_roadmap.ownership`)."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from testing.repo import REPO_ROOT, copy_repo, invoke, write

if TYPE_CHECKING:
    from pathlib import Path

FORMS = ".github/ISSUE_TEMPLATE"
HINT = (
    "  hint: remove 'roadmap' from labels: the tool treats an issue with that label as its own,"
    " and a stranger could open one; use another label for the form"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "repo")
    shutil.copytree(REPO_ROOT / FORMS, root / FORMS)
    return root


def test_the_shipped_forms_pass(root: Path) -> None:
    result = invoke(root, "validate")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("submission.yml", None, ""),  # labels: [submission, roadmap], found below
        ("mine.yaml", "name: x\ndescription: y\nlabels:\n  - help\n  - Roadmap\nbody: []\n", "5:5"),
        ("mine.yml", "name: x\nlabels: 'help, roadmap'\nbody: []\n", "2:9"),
        ("old.md", "---\nname: x\nabout: y\nlabels: bug, roadmap\n---\nText\n", "4:9"),
    ],
)
def test_a_template_applying_the_roadmap_label_is_refused(
    root: Path, name: str, text: str | None, where: str
) -> None:
    path = root / FORMS / name
    if text is None:
        original = path.read_text(encoding="utf-8")
        text = original.replace("labels: [submission]", "labels: [submission, roadmap]")
        rows = text.splitlines()
        found = [(n, row.index("roadmap") + 1) for n, row in enumerate(rows, 1) if "roadmap]" in row]
        where = "{}:{}".format(*found[0])
    write(root, f"{FORMS}/{name}", text)
    result = invoke(root, "validate")
    assert result.exit_code == 2
    assert result.output == (
        f"error: {FORMS}/{name}:{where}: this issue template applies the label 'roadmap' to everyone's"
        f" issues\n{HINT}\n1 problem found; nothing was sent to GitHub.\n"
    )


def test_other_labels_and_the_config_file_are_fine(root: Path) -> None:
    write(root, f"{FORMS}/config.yml", "blank_issues_enabled: false\nlabels: [roadmap]\n")
    write(root, f"{FORMS}/mine.yml", "name: x\nlabels: [roadmap-notes]\nbody: []\n")
    write(root, f"{FORMS}/plain.md", "No front matter here\nlabels: roadmap\n")
    assert invoke(root, "validate").exit_code == 0


def test_bootstrap_refuses_too_before_reading_github(root: Path) -> None:
    write(root, f"{FORMS}/mine.yml", "name: x\nlabels: [roadmap]\nbody: []\n")
    result = invoke(root, "bootstrap", "--dry-run")
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {FORMS}/mine.yml:2:10: this issue template applies")
