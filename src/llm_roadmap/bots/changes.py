"""What a bot wants written to GitHub: a list of changes, computed before anything is sent.

Each bot builds its changes from a read-only snapshot (pure), then `github_io.apply`
sends them, or `--dry-run` prints them. An unchanged body makes no change at all, so a
re-run of any bot on the same state sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

IssueState = Literal["open", "closed"]


@dataclass(frozen=True)
class CreateIssue:
    title: str
    body: str
    labels: tuple[str, ...]
    op: str = "+"
    what: str = "issue"


@dataclass(frozen=True)
class UpdateIssue:
    number: int
    body: str | None = None
    state: IssueState | None = None
    state_reason: str | None = None
    op: str = "~"
    what: str = "issue"


@dataclass(frozen=True)
class CreateComment:
    issue: int
    body: str
    op: str = "+"
    what: str = "comment"


@dataclass(frozen=True)
class UpdateComment:
    issue: int
    comment_id: int
    body: str
    op: str = "~"
    what: str = "comment"


@dataclass(frozen=True)
class UpdateMilestone:
    number: int
    title: str
    state: IssueState
    op: str = "~"
    what: str = "milestone"


Change = CreateIssue | UpdateIssue | CreateComment | UpdateComment | UpdateMilestone


def set_body(number: int, old: str, new: str) -> list[Change]:
    """An issue body update, or nothing when the body is already right."""
    return [] if old == new else [UpdateIssue(number, body=new)]


def upsert_comment(issue: int, existing_id: int | None, old: str | None, new: str) -> list[Change]:
    """Create the comment, edit it, or leave it alone when it already says `new`."""
    if existing_id is None:
        return [CreateComment(issue, new)]
    return [] if old == new else [UpdateComment(issue, existing_id, new)]
