"""Fixtures for the bots' tests: the real roadmap, loaded once, and a "bootstrapped" fake repo."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import TYPE_CHECKING

import pytest

from llm_roadmap import ownership
from llm_roadmap.settings import Settings
from llm_roadmap.workspace import Workspace
from testing.repo import REPO_ROOT, copy_repo

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub

REPO = "octocat/llm-year"
REPO_URL = f"https://github.com/{REPO}"


@pytest.fixture(scope="session")
def bot_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of roadmap/ and templates/ with the tests' learner config (start 2027-01-04, Tokyo)."""
    return copy_repo(tmp_path_factory.mktemp("bots"))


@pytest.fixture(scope="session")
def workspace(bot_root: Path) -> Workspace:
    return Workspace.load(Settings.from_environment(root=bot_root, environ={}))


@pytest.fixture(scope="session")
def desired(workspace: Workspace) -> Desired:
    return workspace.desired(REPO_URL)


def seed_bootstrapped(
    gh: FakeGitHub, desired: Desired, *, author: str = "octocat", repo: str = REPO
) -> dict[str, int]:
    """Make the fake repository look like bootstrap ran: milestones, labels and keyed issues.

    Returns issue numbers by key. Bodies are built like bootstrap's: the key marker, then
    the managed block (`plan.ownership.wrap`).
    """
    for milestone in desired.milestones:
        due = dt.datetime.combine(milestone.due_on, dt.time(12), tzinfo=dt.UTC)  # as bootstrap sends it
        gh.add_milestone(repo, milestone.title, due_on=due)
    for label in desired.labels:
        gh.add_label(repo, label.name, label.color, label.description)
    numbers = {}
    for issue in desired.issues:
        created = gh.add_issue(
            repo, issue.title, body=ownership.wrap(issue.key, issue.body), author=author, labels=issue.labels
        )
        numbers[issue.key] = created.number
    return numbers


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A learner's repository for the bot commands: the roadmap, templates and workflows."""
    root = copy_repo(tmp_path / "repo")
    shutil.copytree(REPO_ROOT / ".github", root / ".github")
    return root
