"""What a bot wants written to GitHub: a list of changes, computed before anything is sent.

Each bot builds its changes from a read-only snapshot (pure), then `rest.apply`
sends them, or `--dry-run` prints them. An unchanged body makes no change at all, so a
re-run of any bot on the same state sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

IssueState = Literal["open", "closed"]
BodyEdit = Callable[[str], str]


@dataclass(frozen=True)
class CreateIssue:
    title: str
    body: str
    labels: tuple[str, ...]
    op: str = "+"
    what: str = "issue"


@dataclass(frozen=True)
class UpdateIssue:
    """`edit`, when given, makes `body` from the issue's current body: `apply` reads the body
    again right before writing and edits that, so a learner's edit made since the snapshot
    (or another workflow's) is not overwritten. `body` is what the snapshot gave."""

    number: int
    body: str | None = None
    state: IssueState | None = None
    state_reason: str | None = None
    title: str | None = None
    op: str = "~"
    what: str = "issue"
    edit: BodyEdit | None = field(default=None, compare=False, repr=False)


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


def edit_body(number: int, old: str, edit: BodyEdit) -> list[Change]:
    """An issue body update made by `edit`, applied again to the body as it is right before
    the write (see `UpdateIssue`); nothing when the body is already right."""
    new = edit(old)
    return [] if old == new else [UpdateIssue(number, body=new, edit=edit)]


def upsert_comment(issue: int, existing_id: int | None, old: str | None, new: str) -> list[Change]:
    """Create the comment, edit it, or leave it alone when it already says `new`."""
    if existing_id is None:
        return [CreateComment(issue, new)]
    return [] if old == new else [UpdateComment(issue, existing_id, new)]
