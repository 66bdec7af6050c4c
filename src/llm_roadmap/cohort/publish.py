"""The cohort table's one issue in the mentor's repository: edited, never posted twice.

The issue is found by its hidden marker *and* its author: only an issue opened by the
identity running the command (the token's own login) is ours. Anyone may paste the
marker into an issue of a public repository; that issue is never edited.

Pure: the command reads the issues of `creators(login)` through the adapter, `plan` says
what to write, and the adapter's apply sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.changes import CreateIssue, UpdateIssue
from llm_roadmap.ownership import bot_marker, trusted_authors

if TYPE_CHECKING:
    from llm_roadmap.changes import Change
    from llm_roadmap.snapshot import Issue

MARKER = bot_marker("cohort")

Action = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class CohortIssueOutcome:
    action: Action
    url: str


def authors(login: str) -> frozenset[str]:
    """Who may have opened our issue: the token's login, or the Actions bot when the weekly
    workflow opened it (`ownership.is_ours`; a label is no evidence here, the issue carries
    none). The command reads the issues each of them opened and takes the oldest marked one
    (`snapshot.find_issue`)."""
    return trusted_authors(login, label=False)


def plan(issue: Issue | None, title: str, body: str) -> tuple[list[Change], Action]:
    """Edit our issue when its text differs, or open it the first time."""
    if issue is None:
        return [CreateIssue(title, body, ())], "created"
    if issue.body == body and issue.title == title:
        return [], "unchanged"
    return [UpdateIssue(issue.number, body=body, title=title)], "updated"
