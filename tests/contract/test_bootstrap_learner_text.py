"""Across bootstrap re-runs the learner's text inside the managed block is never lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from contract.test_bootstrap import NAME, OWNER, bootstrap, setup
from llm_roadmap import ownership
from testing.repo import copy_repo, replace_once

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

NOTE = "自分のメモ: 仮想環境は uv venv で作った"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def test_text_inside_the_block_survives_every_rerun(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    assert bootstrap(root, fake_github, "--no-project").exit_code == 0
    repo = fake_github.state.repo(OWNER, NAME)
    assert repo is not None
    skill = next(i for i in repo.issues if ownership.find_key(i.body) == "p1.w1-4.python-basics")
    skill.body = skill.body.replace(ownership.END, f"{NOTE}\r\n{ownership.END}").replace("\n", "\r\n")

    replace_once(root, "roadmap/phases/p1.yaml", "hours: 20", "hours: 25")
    result = bootstrap(root, fake_github, "--no-project")
    assert result.exit_code == 0, result.output
    assert "— 管理ブロックの中にあなたが書いた文章は残し、ブロックの下に移します\n" in result.output
    assert "25" in (ownership.managed_part(skill.body) or "")
    assert NOTE in skill.body.split(ownership.END, 1)[1]

    writes = len(fake_github.writes)
    for _ in range(2):
        again = bootstrap(root, fake_github, "--no-project")
        assert again.exit_code == 0, again.output
    assert len(fake_github.writes) == writes
    lost = sum(1 for i in repo.issues if i is skill and NOTE not in i.body)
    assert lost == 0
    assert skill.body.count(NOTE) == 1
