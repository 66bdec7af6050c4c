"""The applier sends a milestone by its number: a title it does not know is refused before
anything is sent, never sent as "no milestone" (which would remove the learner's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.adapter.client import connect
from llm_roadmap.adapter.rest import GitHubRepo
from llm_roadmap.changes import CreateComment, CreateIssue, UpdateIssue
from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub
    from testing.fake_github.state import Issue, Milestone

REPO = "octocat/llm-year"
TOKEN = "ghp_learner"


def seeded(fake_github: FakeGitHub) -> tuple[GitHubRepo, Issue, Milestone]:
    """A learner's issue in their milestone, and the bots' door to the repository."""
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_label(REPO, "roadmap", "ffffff", "")
    milestone = fake_github.add_milestone(REPO, "Phase 1")
    issue = fake_github.add_issue(REPO, "My issue", body="the learner's text", labels=["roadmap"])
    issue.milestone = milestone
    return GitHubRepo(connect(fake_github.api_url, TOKEN, Pacing.off()), REPO), issue, milestone


def test_an_update_naming_an_unknown_milestone_is_refused_and_removes_nothing(
    fake_github: FakeGitHub,
) -> None:
    io, issue, milestone = seeded(fake_github)
    changes = [
        CreateComment(issue.number, "sent before the refusal"),
        UpdateIssue(issue.number, body="new text", milestone="No such milestone"),
    ]
    with pytest.raises(GitHubError, match=r"no milestone 'No such milestone'.*nothing was sent"):
        io.apply(changes)
    assert issue.milestone is milestone
    assert (issue.body, [label.name for label in issue.labels]) == ("the learner's text", ["roadmap"])
    assert [c.body for c in issue.comments] == ["sent before the refusal"]  # the change before it stands
    assert [r.operation for r in fake_github.writes] == ["issues/create-comment"]


def test_a_new_issue_naming_an_unknown_milestone_is_not_made_without_it(fake_github: FakeGitHub) -> None:
    io, issue, _ = seeded(fake_github)
    with pytest.raises(GitHubError, match="no milestone 'No such milestone'"):
        io.apply([CreateIssue("Stuck?", "help", ("roadmap",), milestone="No such milestone")])
    assert fake_github.writes == []
    assert [i.number for i in issue.repo.issues] == [issue.number]


def test_no_milestone_still_removes_it(fake_github: FakeGitHub) -> None:
    """None is the one way to ask for removal, and it is still sent."""
    io, issue, _ = seeded(fake_github)
    io.apply([UpdateIssue(issue.number, milestone=None)])
    assert issue.milestone is None
    assert issue.body == "the learner's text"
