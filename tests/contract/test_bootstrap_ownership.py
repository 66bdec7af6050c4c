"""Bootstrap adopts only its own issues: a stranger's look-alike is never edited or used.

On a public repository anyone can open an issue whose body carries
`<!-- roadmap:dashboard -->` or a skill's key, before bootstrap or at any time after.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from contract.test_bootstrap import OWNER, REPO, TOKEN, bootstrap, env
from llm_roadmap import ownership
from testing.repo import copy_repo, invoke

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

SKILL = "p1.w1-4.python-basics"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def _forge(gh: FakeGitHub) -> list[int]:
    """A stranger's issues that imitate the dashboard and a skill (one not labelled by us)."""
    forged = [
        gh.add_issue(REPO, "Dashboard", body=ownership.wrap("dashboard", "mine now"), author="mallory"),
        gh.add_issue(REPO, "python", body=ownership.wrap(SKILL, "- [x] all done"), author="mallory"),
        gh.add_issue(REPO, "odd", body="<!-- roadmap:zz.unknown.key -->", author="mallory"),
    ]
    return [issue.number for issue in forged]


def test_forged_issues_are_never_adopted_by_bootstrap(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN)
    fake_github.add_repo(REPO)
    forged = _forge(fake_github)
    before = _snapshot(fake_github, forged)

    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output

    touched = {w.path for w in fake_github.writes}
    adopted = [n for n in forged if any(re.search(rf"/issues/{n}(/|$)", path) for path in touched)]
    assert adopted == []
    assert _snapshot(fake_github, forged) == before
    repo = fake_github.state.repo(*REPO.split("/"))
    assert repo is not None
    ours = {ownership.find_key(i.body): i for i in repo.issues if i.user.login == OWNER}
    assert "dashboard" in ours
    assert SKILL in ours
    # Listed as ignored by number and author; a key we do not know and the stranger's
    # titles are never echoed.
    assert (
        f"= #{forged[0]} [dashboard]（作成者 @mallory）: ロードマップのマーカーがありますが" in result.output
    )
    assert f"= #{forged[1]} [{SKILL}]（作成者 @mallory）" in result.output
    assert f"= #{forged[2]}（作成者 @mallory）" in result.output
    assert "zz.unknown.key" not in result.output
    assert "mine now" not in result.output


def test_a_labelled_issue_of_an_organisation_member_is_ours(root: Path, fake_github: FakeGitHub) -> None:
    """An organisation's repository bootstrapped by a member, then run by someone else: the
    `roadmap` label (which only triage access or a form can apply) is the evidence."""
    fake_github.add_org("llm-club", {"alice": "admin", "bob": "member"})
    fake_github.add_token("bob", "ghp_bob")
    fake_github.add_token("alice", "ghp_alice")
    fake_github.add_repo("llm-club/my-year")
    args = ("bootstrap", "--repo", "llm-club/my-year", "--yes", "--no-project")
    first = invoke(root, *args, env=env(fake_github, GITHUB_TOKEN="ghp_alice"))
    assert first.exit_code == 0, first.output
    writes = len(fake_github.writes)
    again = invoke(root, *args, env=env(fake_github, GITHUB_TOKEN="ghp_bob"))
    assert again.exit_code == 0, again.output
    assert len(fake_github.writes) == writes, "bob's run adopted alice's labelled issues"


def _snapshot(gh: FakeGitHub, numbers: list[int]) -> dict[int, tuple[str | None, list[str], str]]:
    repo = gh.state.repo(*REPO.split("/"))
    assert repo is not None
    found = {n: repo.issue(n) for n in numbers}
    return {n: (i.body, [lb.name for lb in i.labels], i.state) for n, i in found.items() if i is not None}
