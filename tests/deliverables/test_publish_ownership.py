"""`roadmap check --publish` edits only a sticky comment that is ours (`llm_roadmap.ownership`)."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from kits import PROJECTS
from test_check_cli import ISSUE_BODY, REPO, TOKEN, roadmap

from testing.repo import copy_repo, write

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

MARKER = "<!-- roadmap-check:p1.d01.simple-chat -->"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy_repo(tmp_path)
    shutil.copytree(
        PROJECTS, tmp_path / "projects", ignore=shutil.ignore_patterns("outputs", ".venv"), dirs_exist_ok=True
    )
    return tmp_path


def test_publish_edits_the_learners_comment_and_never_a_strangers(
    root: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user("learner")
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(TOKEN, REPO)
    fake_github.add_label(REPO, "roadmap")
    issue = fake_github.add_issue(REPO, "CLI chatbot", body=ISSUE_BODY, labels=["roadmap"])
    fake_github.add_comment(REPO, issue.number, f"{MARKER}\nforged: all passed", author="mallory")
    fake_github.add_comment(REPO, issue.number, f"{MARKER}\nfrom a run by hand", author="learner")
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "print('hello')\n")
    env = {"GITHUB_API_URL": fake_github.api_url, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO}
    result = roadmap(root, str(folder), "--kind", "files", "--publish", env=env)
    assert result.exit_code == 1, result.output  # the files check fails; publishing went fine
    comments = fake_github.state.repos[REPO].issue(issue.number).comments
    assert [c.user.login for c in comments] == ["mallory", "learner"]
    assert comments[0].body == f"{MARKER}\nforged: all passed"
    assert "from a run by hand" not in comments[1].body
    assert comments[1].body.startswith(MARKER)
