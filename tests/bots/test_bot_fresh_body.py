"""A bot edits an issue body as it is right before the write, not as its snapshot saw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bots.conftest import REPO
from llm_roadmap import ownership
from llm_roadmap.adapter.client import connect
from llm_roadmap.adapter.rest import GitHubRepo
from llm_roadmap.bots import daily
from llm_roadmap.ownership import read_bot_section
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

TOKEN = "ghp_learner"


def test_an_edit_made_after_the_snapshot_is_kept(fake_github: FakeGitHub) -> None:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    issue = fake_github.add_issue(REPO, "dashboard", body=ownership.wrap("dashboard", "Dashboard"))
    io = GitHubRepo(connect(fake_github.api_url, TOKEN, Pacing.off()), REPO)
    [snapshot] = [i for i in io.read_issues() if i.number == issue.number]
    changes = daily.plan_dashboard(snapshot, "streak: 3 days")

    issue.body = (issue.body or "") + "\nA note the learner added while the bot ran\n"  # meanwhile
    io.apply(changes)

    assert "A note the learner added while the bot ran" in (issue.body or "")
    assert read_bot_section(issue.body or "", daily.STATUS_SECTION) == "streak: 3 days"
    operations = [r.operation for r in fake_github.requests][-2:]
    assert operations == ["issues/get", "issues/update"]  # read again right before the write


def test_nothing_is_sent_when_the_body_is_already_right(fake_github: FakeGitHub) -> None:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    issue = fake_github.add_issue(REPO, "dashboard", body=ownership.wrap("dashboard", "Dashboard"))
    io = GitHubRepo(connect(fake_github.api_url, TOKEN, Pacing.off()), REPO)
    [snapshot] = [i for i in io.read_issues() if i.number == issue.number]
    changes = daily.plan_dashboard(snapshot, "streak: 3 days")
    io.apply(changes)  # another run got there first
    io.apply(changes)
    assert len(fake_github.writes) == 1
