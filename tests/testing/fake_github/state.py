"""In-memory objects stored by the fake GitHub server.

Everything a test may want to assert on lives in :class:`State` (``gh.state``): accounts,
tokens, repositories with their labels / milestones / issues / comments / commits /
branches / workflows, and Projects v2 boards with fields, items and views.

Identifiers imitate GitHub's: integer database ids (issue ids are deliberately far away
from issue numbers, so code that confuses ``issue.id`` with ``issue.number`` fails),
and opaque string node ids with GitHub's type prefixes (``I_``, ``PVT_``, ``PVTI_``...).
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

AccountType = Literal["User", "Organization", "Bot"]
TokenKind = Literal["classic", "fine_grained", "actions"]
Permission = Literal["admin", "maintain", "push", "triage", "pull"]

PERMISSION_ORDER: tuple[Permission, ...] = ("pull", "triage", "push", "maintain", "admin")

ACTIONS_BOT_LOGIN = "github-actions[bot]"
ACTIONS_BOT_ID = 41898282

DEFAULT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("bug", "d73a4a", "Something isn't working"),
    ("documentation", "0075ca", "Improvements or additions to documentation"),
    ("duplicate", "cfd3d7", "This issue or pull request already exists"),
    ("enhancement", "a2eeef", "New feature or request"),
    ("good first issue", "7057ff", "Good for newcomers"),
    ("help wanted", "008672", "Extra attention is needed"),
    ("invalid", "e4e669", "This doesn't seem right"),
    ("question", "d876e3", "Further information is requested"),
    ("wontfix", "ffffff", "This will not be worked on"),
)


def utc(value: dt.datetime) -> dt.datetime:
    """Return ``value`` converted to UTC (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


PACIFIC = ZoneInfo("America/Los_Angeles")


def milestone_due(value: str | dt.datetime) -> dt.datetime:
    """A milestone's ``due_on`` as GitHub keeps it: floored to midnight US Pacific time,
    in UTC (``T07:00:00Z`` in daylight time, ``T08:00:00Z`` otherwise). So
    ``2027-01-31T00:00:00Z`` (16:00 on Jan 30 in California) is kept as Jan 30
    (microsoft/PowerShellForGitHub#133, valeriobelli/gh-milestone#19)."""
    day = parse_time(value).astimezone(PACIFIC).date()
    return utc(dt.datetime.combine(day, dt.time(), tzinfo=PACIFIC))


def parse_time(value: str | dt.datetime) -> dt.datetime:
    """Parse an ISO 8601 timestamp (``Z`` or offset) into an aware datetime."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    """Format like GitHub's REST API: UTC, second precision, ``Z`` suffix."""
    if value is None:
        return None
    return utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(prefix: str, number: int) -> str:
    """An opaque GitHub-style global node id, e.g. ``I_kwDOAAAAAQ``."""
    raw = number.to_bytes(8, "big").lstrip(b"\0") or b"\0"
    return f"{prefix}_kwDO{base64.urlsafe_b64encode(raw).decode().rstrip('=')}"


class Clock:
    """The server's notion of "now": real time by default, or frozen/advanced by tests."""

    def __init__(self) -> None:
        self._frozen: dt.datetime | None = None

    def now(self) -> dt.datetime:
        if self._frozen is not None:
            return self._frozen
        return dt.datetime.now(dt.UTC).replace(microsecond=0)

    def set(self, value: str | dt.datetime | None) -> None:
        """Freeze the clock at ``value`` (``None`` goes back to real time)."""
        self._frozen = None if value is None else utc(parse_time(value))

    def advance(self, seconds: float) -> None:
        """Move a frozen clock forward (freezes it at "now" first if needed)."""
        self._frozen = self.now() + dt.timedelta(seconds=seconds)


@dataclass(eq=False)
class Account:
    """A user, organization or bot."""

    id: int
    node_id: str
    login: str
    type: AccountType
    name: str | None = None
    email: str | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    members: dict[str, str] = field(default_factory=dict)  # org: login (lower) -> "admin"|"member"


@dataclass(eq=False)
class Token:
    """An access token and what it may do."""

    value: str
    account: Account
    kind: TokenKind
    scopes: tuple[str, ...] | None  # classic tokens only
    # fine-grained tokens: what was granted, e.g. {"issues": "write", "metadata": "read"};
    # None: everything its user may do
    permissions: dict[str, str] | None = None
    can_use_projects: bool = True
    repository: str | None = None  # actions tokens: the one repository (full name, lower case)
    can_write: bool = True
    rate_used: dict[str, int] = field(default_factory=dict)

    @property
    def rate_limit(self) -> int:
        return 1000 if self.kind == "actions" else 5000


@dataclass(eq=False)
class Label:
    id: int
    node_id: str
    name: str
    color: str
    description: str | None
    default: bool = False


@dataclass(eq=False)
class Milestone:
    id: int
    node_id: str
    number: int
    title: str
    description: str | None
    state: str
    due_on: dt.datetime | None
    creator: Account
    created_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None = None


@dataclass(eq=False)
class Comment:
    id: int
    node_id: str
    issue: Issue
    body: str
    user: Account
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(eq=False)
class Issue:
    id: int
    node_id: str
    number: int
    repo: Repo
    title: str
    body: str | None
    user: Account
    created_at: dt.datetime
    updated_at: dt.datetime
    state: str = "open"
    state_reason: str | None = None
    labels: list[Label] = field(default_factory=list)
    assignees: list[Account] = field(default_factory=list)
    milestone: Milestone | None = None
    closed_at: dt.datetime | None = None
    closed_by: Account | None = None
    locked: bool = False
    comments: list[Comment] = field(default_factory=list)
    parent: Issue | None = None
    sub_issues: list[Issue] = field(default_factory=list)


@dataclass(eq=False)
class Commit:
    sha: str
    node_id: str
    message: str
    author_name: str
    author_email: str
    author_date: dt.datetime
    committer_name: str
    committer_email: str
    committer_date: dt.datetime
    author: Account | None
    committer: Account | None
    parents: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Workflow:
    id: int
    node_id: str
    name: str
    path: str
    state: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(eq=False)
class PullRequest:
    """A pull request between two branches of one repository (no forks in the fake)."""

    id: int
    node_id: str
    number: int
    title: str
    body: str | None
    user: Account
    head: str  # branch name
    base: str
    draft: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    state: str = "open"
    closed_at: dt.datetime | None = None
    closed_head: str | None = None  # a closed pull request keeps the head it had


@dataclass(eq=False)
class Runner:
    """A self-hosted Actions runner attached to a repository."""

    id: int
    name: str
    labels: tuple[str, ...]
    os: str = "linux"
    status: str = "online"


# GitHub's default for a new repository: approval for first-time contributors only.
DEFAULT_FORK_PR_APPROVAL = "first_time_contributors"


@dataclass(eq=False)
class Repo:
    id: int
    node_id: str
    owner: Account
    name: str
    private: bool
    is_template: bool
    default_branch: str
    has_issues: bool
    description: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    permissions: dict[str, Permission] = field(default_factory=dict)  # login (lower) -> level
    labels: list[Label] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)  # name -> head sha
    workflows: list[Workflow] = field(default_factory=list)
    secrets: dict[str, dt.datetime] = field(default_factory=dict)  # Actions secret name -> created
    runners: list[Runner] = field(default_factory=list)
    fork_pr_approval: str = DEFAULT_FORK_PR_APPROVAL
    template_repository: Repo | None = None
    topics: list[str] = field(default_factory=list)
    pulls: list[PullRequest] = field(default_factory=list)
    # Settings → Actions → General: "Allow GitHub Actions to create and approve pull requests".
    actions_can_open_pulls: bool = False
    # A bare git repository standing for this repository's git storage: pushes to it are
    # branches GitHub knows (``FakeGitHub.link_git``).
    git_dir: str | None = None

    def next_number(self) -> int:
        """Issues and pull requests share one sequence of numbers, as on GitHub."""
        numbers = [i.number for i in self.issues] + [p.number for p in self.pulls]
        return max(numbers, default=0) + 1

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"

    def label(self, name: str) -> Label | None:
        """Labels are matched case-insensitively, like on GitHub."""
        wanted = name.casefold()
        return next((lb for lb in self.labels if lb.name.casefold() == wanted), None)

    def issue(self, number: int) -> Issue | None:
        return next((i for i in self.issues if i.number == number), None)

    def milestone(self, number: int) -> Milestone | None:
        return next((m for m in self.milestones if m.number == number), None)


@dataclass(eq=False)
class Option:
    """A single-select option (ids are 8 hex digits, like GitHub's)."""

    id: str
    name: str
    color: str
    description: str


@dataclass(eq=False)
class Iteration:
    id: str
    title: str
    start_date: dt.date
    duration: int


@dataclass(eq=False)
class ProjectField:
    id: int
    node_id: str
    project: Project
    name: str
    data_type: str  # GraphQL ProjectV2FieldType value, e.g. "SINGLE_SELECT"
    created_at: dt.datetime
    updated_at: dt.datetime
    options: list[Option] = field(default_factory=list)
    iterations: list[Iteration] = field(default_factory=list)
    iteration_duration: int = 14
    iteration_start_day: int = 1

    @property
    def graphql_type(self) -> str:
        if self.data_type == "SINGLE_SELECT":
            return "ProjectV2SingleSelectField"
        if self.data_type == "ITERATION":
            return "ProjectV2IterationField"
        return "ProjectV2Field"


@dataclass(eq=False)
class ProjectItem:
    id: int
    node_id: str
    project: Project
    content: Issue
    creator: Account
    created_at: dt.datetime
    updated_at: dt.datetime
    archived: bool = False
    values: dict[int, Any] = field(default_factory=dict)  # field id -> str | float | option/iter id


@dataclass(eq=False)
class ProjectView:
    id: int
    node_id: str
    project: Project
    number: int
    name: str
    layout: str  # "table" | "board" | "roadmap"
    creator: Account
    created_at: dt.datetime
    updated_at: dt.datetime
    filter: str | None = None
    visible_fields: list[int] = field(default_factory=list)
    sort_by: list[list[Any]] = field(default_factory=list)
    group_by: list[int] = field(default_factory=list)
    vertical_group_by: list[int] = field(default_factory=list)


@dataclass(eq=False)
class Project:
    id: int
    node_id: str
    number: int
    owner: Account
    creator: Account
    title: str
    created_at: dt.datetime
    updated_at: dt.datetime
    public: bool = False
    closed: bool = False
    closed_at: dt.datetime | None = None
    short_description: str | None = None
    readme: str | None = None
    fields: list[ProjectField] = field(default_factory=list)
    items: list[ProjectItem] = field(default_factory=list)
    views: list[ProjectView] = field(default_factory=list)
    repositories: list[Repo] = field(default_factory=list)

    def field_named(self, name: str) -> ProjectField | None:
        return next((f for f in self.fields if f.name.casefold() == name.casefold()), None)


class State:
    """All stored objects, plus id allocation. Guarded by ``lock`` (one request at a time)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.accounts: dict[str, Account] = {}  # login (lower) -> account
        self.tokens: dict[str, Token] = {}
        self.repos: dict[str, Repo] = {}  # full name (lower) -> repo
        self.projects: list[Project] = []
        self.nodes: dict[str, object] = {}
        # Field names GitHub reserves besides its built-in ones (``gh.reserve_field_name``).
        self.reserved_field_names: set[str] = set()
        self._ids: dict[str, itertools.count[int]] = {}
        self._hex = itertools.count(0x1A2B3C01)

    # -- ids -------------------------------------------------------------------------
    def next_id(self, kind: str) -> int:
        """Allocate a database id; each kind has its own, distinctive, range."""
        starts = {
            "account": 1001,
            "repo": 700_000_001,
            "label": 5_000_000_001,
            "milestone": 9_000_001,
            "issue": 3_000_000_001,
            "comment": 2_500_000_001,
            "workflow": 160_000_001,
            "project": 20_000_001,
            "field": 150_000_001,
            "item": 110_000_001,
            "view": 4_000_001,
            "pull": 1_900_000_001,
        }
        counter = self._ids.setdefault(kind, itertools.count(starts.get(kind, 1)))
        return next(counter)

    def next_hex(self) -> str:
        """An 8-hex-digit id, like single-select option and iteration ids."""
        return f"{next(self._hex):08x}"

    def register(self, prefix: str, number: int, obj: object) -> str:
        nid = node_id(prefix, number)
        self.nodes[nid] = obj
        return nid

    # -- lookups ---------------------------------------------------------------------
    def account(self, login: str) -> Account | None:
        return self.accounts.get(login.casefold())

    def repo(self, owner: str, name: str) -> Repo | None:
        return self.repos.get(f"{owner}/{name}".casefold())

    def issue_by_id(self, issue_id: int) -> Issue | None:
        for repo in self.repos.values():
            for issue in repo.issues:
                if issue.id == issue_id:
                    return issue
        return None

    def comment_by_id(self, repo: Repo, comment_id: int) -> Comment | None:
        for issue in repo.issues:
            for comment in issue.comments:
                if comment.id == comment_id:
                    return comment
        return None

    def project(self, owner: Account, number: int) -> Project | None:
        return next((p for p in self.projects if p.owner is owner and p.number == number), None)

    def projects_of(self, owner: Account) -> list[Project]:
        return [p for p in self.projects if p.owner is owner]

    # -- convenience views for assertions -------------------------------------------
    @property
    def labels(self) -> dict[str, list[Label]]:
        return {r.full_name: r.labels for r in self.repos.values()}

    @property
    def milestones(self) -> dict[str, list[Milestone]]:
        return {r.full_name: r.milestones for r in self.repos.values()}

    @property
    def issues(self) -> dict[str, list[Issue]]:
        return {r.full_name: r.issues for r in self.repos.values()}

    @property
    def comments(self) -> list[Comment]:
        return [c for r in self.repos.values() for i in r.issues for c in i.comments]

    @property
    def sub_issues(self) -> list[tuple[Issue, Issue]]:
        """(parent, child) pairs."""
        return [(i, s) for r in self.repos.values() for i in r.issues for s in i.sub_issues]
