"""What is on GitHub now, read once and held as plain data for the diff.

Only objects the tool can own are read: labels and milestones by name/title, issues by
their `<!-- roadmap:KEY -->` marker (and only when `ownership.is_ours`), the board by its
exact title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from llm_roadmap.plan.desired import FieldValue


@dataclass(frozen=True)
class ExistingLabel:
    name: str
    color: str
    description: str
    node_id: str = ""  # GraphQL createIssue takes labels by node id


@dataclass(frozen=True)
class ExistingMilestone:
    number: int
    title: str
    description: str
    due_on: dt.date | None
    state: str
    node_id: str = ""  # GraphQL createIssue takes the milestone by node id


@dataclass(frozen=True)
class ExistingIssue:
    number: int
    id: int
    node_id: str
    key: str
    title: str
    body: str
    state: str
    labels: tuple[str, ...]
    milestone: str | None
    html_url: str = ""
    sub_issue_count: int = 0


@dataclass(frozen=True)
class Lookalike:
    """An issue that carries a roadmap key marker but is not ours (`ownership.is_ours`).

    Only its number, its author and the key are kept: its text is a stranger's.
    """

    number: int
    author: str | None
    key: str


@dataclass(frozen=True)
class ExistingField:
    id: str
    name: str
    type: str
    options: dict[str, str] = field(default_factory=dict)
    iterations: dict[str, str] = field(default_factory=dict)  # title → id, ended ones included
    iteration_starts: dict[str, dt.date] = field(default_factory=dict)  # title → start date
    database_id: int | None = None


@dataclass(frozen=True)
class ExistingItem:
    id: str
    content_id: str
    values: dict[str, FieldValue] = field(default_factory=dict)


@dataclass(frozen=True)
class ExistingBoard:
    id: str
    number: int
    url: str
    title: str
    description: str
    linked: bool
    fields: dict[str, ExistingField] = field(default_factory=dict)
    views: tuple[str, ...] = ()
    items: dict[str, ExistingItem] = field(default_factory=dict)


@dataclass
class Existing:
    """The repository's current state, as far as the tool is concerned."""

    labels: dict[str, ExistingLabel] = field(default_factory=dict)
    milestones: dict[str, ExistingMilestone] = field(default_factory=dict)
    issues: dict[str, ExistingIssue] = field(default_factory=dict)
    duplicates: list[ExistingIssue] = field(default_factory=list)
    ignored: list[Lookalike] = field(default_factory=list)
    sub_issues: dict[str, set[str]] = field(default_factory=dict)
    board: ExistingBoard | None = None
