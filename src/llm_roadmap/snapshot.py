"""Plain, read-only copies of GitHub's state: one model for bootstrap's diff, the bots and
`roadmap check --publish`.

The adapter (`llm_roadmap.adapter`) fills these in from REST and GraphQL; everything else
works on them without a network, so the logic is tested with hand-made values. Only
objects the tool can own matter: labels and milestones by name/title, issues by their
`<!-- roadmap:KEY -->` marker (and only when `ownership.is_ours`), the board (a Projects v2
project) by its exact title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from llm_roadmap.ownership import find_key, is_ours

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.plan.desired import FieldValue

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # an issue whose creation time is not known


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    description: str
    node_id: str = ""  # GraphQL createIssue takes labels by node id


@dataclass(frozen=True)
class Milestone:
    number: int
    title: str
    state: str  # "open" | "closed"
    description: str = ""
    due_on: dt.date | None = None
    node_id: str = ""  # GraphQL createIssue takes the milestone by node id
    open_issues: int = 0


@dataclass(frozen=True)
class Issue:
    """One issue (never a pull request) as GitHub holds it."""

    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    labels: tuple[str, ...] = ()
    created_at: dt.datetime = EPOCH
    closed_at: dt.datetime | None = None
    milestone: str | None = None  # the milestone's title
    author: str | None = None
    url: str = ""
    # GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...);
    # None when not known.
    association: str | None = None
    id: int = 0  # the REST database id (sub-issue links take it)
    node_id: str = ""  # the GraphQL id (board items take it)
    sub_issue_count: int = 0

    @property
    def key(self) -> str | None:
        """The roadmap key of an issue the tool created (`<!-- roadmap:KEY -->`)."""
        return find_key(self.body)

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"


@dataclass(frozen=True)
class Comment:
    id: int
    body: str
    author: str | None
    url: str = ""


@dataclass(frozen=True)
class Commit:
    """What the streak needs to know about one commit."""

    sha: str
    authored_at: dt.datetime
    author_login: str | None = None
    author_type: str | None = None  # "User", "Bot", ... (None: email not linked to an account)
    author_email: str = ""


@dataclass(frozen=True)
class Repo:
    """The repository facts the bots need before doing anything."""

    full_name: str
    owner: str
    owner_type: str  # "User" | "Organization"
    is_template: bool = False
    has_issues: bool = True
    default_branch: str = "main"
    private: bool = False
    url: str = ""
    template: str | None = None  # `owner/name` of the template it was made from, if GitHub knows
    # Whether the token may push (and so edit issues); None when GitHub does not say.
    can_write: bool | None = None

    @property
    def learner(self) -> str | None:
        """Whose commits make the streak: the owner of a personal repository."""
        return learner_of(self.owner, self.owner_type)


def learner_of(owner: str, owner_type: str) -> str | None:
    """The learner of a repository: its owner when that is a person, not an organization."""
    return owner if owner_type == "User" else None


@dataclass(frozen=True)
class PullRequest:
    """A pull request, as far as `roadmap upgrade` looks at one."""

    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    author: str | None
    url: str
    head_sha: str
    merged: bool


@dataclass(frozen=True)
class Lookalike:
    """An issue that carries a roadmap key marker but is not ours (`ownership.is_ours`).

    Only its number, its author and the key are kept: its text is a stranger's.
    """

    number: int
    author: str | None
    key: str


@dataclass(frozen=True)
class ProjectField:
    id: str
    name: str
    type: str
    options: dict[str, str] = field(default_factory=dict)
    iterations: dict[str, str] = field(default_factory=dict)  # title → id, ended ones included
    iteration_starts: dict[str, dt.date] = field(default_factory=dict)  # title → start date
    database_id: int | None = None


@dataclass(frozen=True)
class ProjectItem:
    id: str
    content_id: str
    values: dict[str, FieldValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """The board: a Projects v2 project of the repository's owner."""

    id: str
    number: int
    url: str
    title: str
    description: str
    linked: bool
    fields: dict[str, ProjectField] = field(default_factory=dict)
    views: tuple[str, ...] = ()
    items: dict[str, ProjectItem] = field(default_factory=dict)


@dataclass
class Existing:
    """The repository's current state as bootstrap's diff sees it."""

    labels: dict[str, Label] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    issues: dict[str, Issue] = field(default_factory=dict)
    duplicates: list[Issue] = field(default_factory=list)
    ignored: list[Lookalike] = field(default_factory=list)
    sub_issues: dict[str, set[str]] = field(default_factory=dict)
    board: Project | None = None


@dataclass(frozen=True)
class Issues:
    """Every issue in the repository, sorted into what the bots care about."""

    all: tuple[Issue, ...] = ()
    by_key: dict[str, Issue] = field(default_factory=dict)
    ignored: tuple[Issue, ...] = ()  # a roadmap key, but not ours: never used
    duplicates: tuple[Issue, ...] = ()  # ours, but a younger one of the same key

    @classmethod
    def of(cls, issues: list[Issue], *, authors: frozenset[str]) -> Issues:
        """Index our issues by roadmap key (`ownership.is_ours`); with two for one key the
        oldest wins and the others are `duplicates`. Keyed issues that are not ours are
        set aside in `ignored`."""
        by_key: dict[str, Issue] = {}
        ignored: list[Issue] = []
        duplicates: list[Issue] = []
        for issue in sorted(issues, key=lambda i: i.number):
            key = issue.key
            if key is None:
                continue
            if not is_ours(marked=True, author=issue.author, authors=authors, labels=issue.labels):
                ignored.append(issue)
            elif key in by_key:
                duplicates.append(issue)
            else:
                by_key[key] = issue
        return cls(tuple(issues), by_key, tuple(ignored), tuple(duplicates))

    def labelled(self, label: str) -> list[Issue]:
        wanted = label.casefold()
        return [i for i in self.all if any(name.casefold() == wanted for name in i.labels)]


def find_issue(issues: Iterable[Issue], marker: str, authors: frozenset[str]) -> Issue | None:
    """The oldest issue carrying `marker` that is ours (`ownership.is_ours`)."""
    mine = [
        i
        for i in issues
        if is_ours(marked=marker in i.body, author=i.author, authors=authors, labels=i.labels)
    ]
    return min(mine, key=lambda i: i.number, default=None)


def find_comment(comments: Iterable[Comment], marker: str, authors: frozenset[str]) -> Comment | None:
    """The first comment carrying `marker` that is ours (`ownership.is_ours`)."""
    return next(
        (c for c in comments if is_ours(marked=marker in c.body, author=c.author, authors=authors)),
        None,
    )
