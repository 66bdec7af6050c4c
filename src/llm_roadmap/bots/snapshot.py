"""Plain, read-only copies of the GitHub objects the bots look at.

The GitHub layer (`adapter.rest`) fills these in; everything else in `bots` works on
them without a network, so the logic is tested with hand-made values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from llm_roadmap.ownership import find_key, is_ours


@dataclass(frozen=True)
class IssueSnapshot:
    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    labels: tuple[str, ...] = ()
    created_at: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    closed_at: dt.datetime | None = None
    milestone: str | None = None  # the milestone's title
    author: str | None = None
    url: str = ""
    # GitHub's `author_association` (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE, ...);
    # None when not known.
    association: str | None = None

    @property
    def key(self) -> str | None:
        """The roadmap key of an issue the tool created (`<!-- roadmap:KEY -->`)."""
        return find_key(self.body)

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"


@dataclass(frozen=True)
class CommentSnapshot:
    id: int
    body: str
    author: str | None
    url: str = ""


@dataclass(frozen=True)
class MilestoneSnapshot:
    number: int
    title: str
    state: str  # "open" | "closed"
    open_issues: int = 0


@dataclass(frozen=True)
class RepoSnapshot:
    """The repository facts the bots need before doing anything."""

    full_name: str
    owner: str
    owner_type: str  # "User" | "Organization"
    is_template: bool = False
    has_issues: bool = True
    default_branch: str = "main"
    private: bool = False

    @property
    def learner(self) -> str | None:
        """Whose commits make the streak: the owner of a personal repository."""
        return self.owner if self.owner_type == "User" else None


@dataclass(frozen=True)
class Issues:
    """Every issue in the repository, sorted into what the bots care about."""

    all: tuple[IssueSnapshot, ...] = ()
    by_key: dict[str, IssueSnapshot] = field(default_factory=dict)
    ignored: tuple[IssueSnapshot, ...] = ()  # a roadmap key, but not ours: never used

    @classmethod
    def of(cls, issues: list[IssueSnapshot], *, authors: frozenset[str]) -> Issues:
        """Index our issues by roadmap key (`ownership.is_ours`); with two for one key the
        oldest wins. Keyed issues that are not ours are set aside in `ignored`."""
        by_key: dict[str, IssueSnapshot] = {}
        ignored: list[IssueSnapshot] = []
        for issue in sorted(issues, key=lambda i: i.number):
            key = issue.key
            if key is None:
                continue
            if not is_ours(marked=True, author=issue.author, authors=authors, labels=issue.labels):
                ignored.append(issue)
            elif key not in by_key:
                by_key[key] = issue
        return cls(tuple(issues), by_key, tuple(ignored))

    def labelled(self, label: str) -> list[IssueSnapshot]:
        wanted = label.casefold()
        return [i for i in self.all if any(name.casefold() == wanted for name in i.labels)]
