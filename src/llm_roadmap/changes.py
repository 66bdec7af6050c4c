"""Every write the tool makes to GitHub, as one typed union, computed before anything is sent.

bootstrap (`plan.diff`) and the bots build lists of these changes from what they read
(pure); `llm_roadmap.adapter.apply.Applier.apply` sends them, dispatching on the class;
`--dry-run` and `roadmap plan` only render them. An unchanged value makes no change at
all, so a re-run on the same state sends nothing.

Each class says what it is for the plan and the templates: `kind` (what object),
`action` (create, update, close, link, add, set), `symbol` (`+` new, `~` changed, `-`
closed), `key` (the object's stable key, "" where the bots have none) and `caption` (how
the plan names it). `apply_order` gives bootstrap's fixed order of kinds.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import DesiredField, DesiredView, FieldValue
    from llm_roadmap.plan.notes import Note
    from llm_roadmap.snapshot import Comment

IssueState = Literal["open", "closed"]
BodyEdit = Callable[[str], str]
Action = Literal["create", "update", "close", "link", "add", "set"]
Reason = Literal["", "removed", "moved"]  # why an issue changes; worded by plan-kinds.j2
Kind = Literal[
    "label", "milestone", "issue", "sub-issue", "board", "field", "view", "item", "value", "comment"
]

SYMBOL: dict[Action, str] = {
    "create": "+",
    "add": "+",
    "link": "+",
    "update": "~",
    "set": "~",
    "close": "-",
}


class Unchanged(enum.Enum):
    """A field an update leaves as it is (where None is a value that can be sent)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


class _Shown:
    """What every change tells the plan: its kind, action and symbol."""

    kind: ClassVar[Kind]
    action: ClassVar[Action]

    @property
    def symbol(self) -> str:
        return SYMBOL[self.action]


# -- labels and milestones ---------------------------------------------------------------


@dataclass(frozen=True)
class CreateLabel(_Shown):
    name: str
    color: str
    description: str
    kind: ClassVar[Kind] = "label"
    action: ClassVar[Action] = "create"

    @property
    def key(self) -> str:
        return self.name

    @property
    def caption(self) -> str:
        return self.name


@dataclass(frozen=True)
class CreateMilestone(_Shown):
    key: str
    title: str
    description: str
    due_on: dt.date
    kind: ClassVar[Kind] = "milestone"
    action: ClassVar[Action] = "create"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class UpdateMilestone(_Shown):
    """Set what is given (not None): the bots open or close a milestone, bootstrap moves
    its description or due date."""

    number: int
    title: str
    state: IssueState | None = None
    description: str | None = None
    due_on: dt.date | None = None
    key: str = ""
    kind: ClassVar[Kind] = "milestone"
    action: ClassVar[Action] = "update"

    @property
    def caption(self) -> str:
        return self.title

    def changed(self) -> tuple[str, ...]:
        values = {"description": self.description, "due_on": self.due_on, "state": self.state}
        return tuple(name for name, value in values.items() if value is not None)


# -- issues and comments -------------------------------------------------------------------


@dataclass(frozen=True)
class CreateIssue(_Shown):
    """A new issue; with `parent` (an epic's key) it is made under that epic, as one change
    (GraphQL createIssue's parentIssueId where the server has it)."""

    title: str
    body: str
    labels: tuple[str, ...]
    milestone: str | None = None  # its title
    parent: str | None = None
    key: str = ""  # bootstrap's key (in the body's marker); "" for the bots' issues
    kind: ClassVar[Kind] = "issue"
    action: ClassVar[Action] = "create"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class UpdateIssue(_Shown):
    """Set what is given on issue `number`; None (and `UNCHANGED` for the milestone, which
    None removes) leaves a field as it is.

    `edit`, when given, makes `body` from the issue's current body: `apply` reads the body
    again right before writing and edits that, so a learner's edit made since the snapshot
    (or another workflow's) is not overwritten. `body` is what the snapshot gave."""

    number: int
    body: str | None = None
    state: IssueState | None = None
    state_reason: str | None = None
    title: str | None = None
    labels: tuple[str, ...] | None = None
    milestone: str | Unchanged | None = UNCHANGED  # its title
    key: str = ""
    name: str = ""  # the issue's title as the roadmap has it, for the plan
    reason: Reason = ""  # "moved": the learner's text inside the block is moved below it
    edit: BodyEdit | None = field(default=None, compare=False, repr=False)
    kind: ClassVar[Kind] = "issue"
    action: ClassVar[Action] = "update"

    @property
    def caption(self) -> str:
        return self.name or f"#{self.number}"

    def changed(self) -> tuple[str, ...]:
        given = {
            "title": self.title is not None,
            "milestone": self.milestone is not UNCHANGED,
            "labels": self.labels is not None,
            "body": self.body is not None,
            "state": self.state is not None,
        }
        return tuple(name for name, is_given in given.items() if is_given)


@dataclass(frozen=True)
class CloseIssue(_Shown):
    """Close an issue removed from the roadmap (`--close-removed`), never delete it."""

    number: int
    key: str
    title: str
    state_reason: str = "not_planned"
    reason: Reason = ""  # "removed": no longer in the roadmap
    kind: ClassVar[Kind] = "issue"
    action: ClassVar[Action] = "close"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class LinkSubIssue(_Shown):
    """Make the existing issue `child` a sub-issue of the epic `parent` (keys)."""

    parent: str
    child: str
    title: str
    kind: ClassVar[Kind] = "sub-issue"
    action: ClassVar[Action] = "link"

    @property
    def key(self) -> str:
        return self.child

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class CreateComment(_Shown):
    issue: int
    body: str
    kind: ClassVar[Kind] = "comment"
    action: ClassVar[Action] = "create"
    key: ClassVar[str] = ""

    @property
    def caption(self) -> str:
        return f"#{self.issue}"


@dataclass(frozen=True)
class UpdateComment(_Shown):
    issue: int
    comment_id: int
    body: str
    kind: ClassVar[Kind] = "comment"
    action: ClassVar[Action] = "update"
    key: ClassVar[str] = ""

    @property
    def caption(self) -> str:
        return f"#{self.issue}"


# -- the Projects board --------------------------------------------------------------------


@dataclass(frozen=True)
class CreateBoard(_Shown):
    title: str
    description: str
    kind: ClassVar[Kind] = "board"
    action: ClassVar[Action] = "create"
    key: ClassVar[str] = "board"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class LinkBoard(_Shown):
    """Link the board to the repository (it shows in the repository's Projects tab)."""

    title: str
    kind: ClassVar[Kind] = "board"
    action: ClassVar[Action] = "link"
    key: ClassVar[str] = "board"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class UpdateBoard(_Shown):
    title: str
    description: str
    kind: ClassVar[Kind] = "board"
    action: ClassVar[Action] = "update"
    key: ClassVar[str] = "board"

    @property
    def caption(self) -> str:
        return self.title

    def changed(self) -> tuple[str, ...]:
        return ("description",)


@dataclass(frozen=True)
class CreateField(_Shown):
    field: DesiredField
    kind: ClassVar[Kind] = "field"
    action: ClassVar[Action] = "create"

    @property
    def key(self) -> str:
        return self.field.name

    @property
    def caption(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class UpdateField(_Shown):
    """Replace an iteration field's weeks (the start date moved)."""

    field: DesiredField
    kind: ClassVar[Kind] = "field"
    action: ClassVar[Action] = "update"

    @property
    def key(self) -> str:
        return self.field.name

    @property
    def caption(self) -> str:
        return self.field.name

    def changed(self) -> tuple[str, ...]:
        return ("iterations",)


@dataclass(frozen=True)
class CreateView(_Shown):
    view: DesiredView
    kind: ClassVar[Kind] = "view"
    action: ClassVar[Action] = "create"

    @property
    def key(self) -> str:
        return self.view.name

    @property
    def caption(self) -> str:
        return self.view.name


@dataclass(frozen=True)
class AddItem(_Shown):
    """Put the issue `key` on the board."""

    key: str
    title: str
    kind: ClassVar[Kind] = "item"
    action: ClassVar[Action] = "add"

    @property
    def caption(self) -> str:
        return self.title


@dataclass(frozen=True)
class SetValue(_Shown):
    """Set the board field `field` of the issue `key`'s item to `value`."""

    key: str
    field: str
    value: FieldValue
    title: str = ""  # the issue's title, for the plan
    kind: ClassVar[Kind] = "value"
    action: ClassVar[Action] = "set"

    @property
    def caption(self) -> str:
        return f"{self.field} = {shown(self.value)}"


Change = (
    CreateLabel
    | CreateMilestone
    | UpdateMilestone
    | CreateIssue
    | UpdateIssue
    | CloseIssue
    | LinkSubIssue
    | CreateComment
    | UpdateComment
    | CreateBoard
    | LinkBoard
    | UpdateBoard
    | CreateField
    | UpdateField
    | CreateView
    | AddItem
    | SetValue
)

# bootstrap's fixed apply order: what a later kind refers to exists by then.
_ORDER: dict[Kind, int] = {
    "label": 0,
    "milestone": 1,
    "issue": 2,
    "sub-issue": 3,
    "board": 4,
    "field": 5,
    "view": 6,
    "item": 7,
    "value": 8,
    "comment": 9,
}


def apply_order(change: Change) -> tuple[int, int]:
    """Kinds in `_ORDER`, creations first within a kind. Updates and closes of existing
    issues come last: their new applied record must not land before the board values it
    describes (see plan.applied)."""
    match change:
        case UpdateIssue() | CloseIssue():
            return (len(_ORDER), 0)
        case _:
            return (_ORDER[change.kind], 0 if change.action == "create" else 1)


def shown(value: FieldValue) -> str:
    """A board value as the roadmap writes it: 20, not 20.0; a date as 2027-01-04."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass
class Plan:
    """Changes in apply order, plus what was deliberately left alone and why."""

    changes: list[Change] = field(default_factory=list)
    left_alone: list[Note] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def count(self, kind: Kind, action: Action | None = None) -> int:
        return sum(1 for c in self.changes if c.kind == kind and (action is None or c.action == action))


# -- the bots' helpers -----------------------------------------------------------------------


def set_body(number: int, old: str, new: str) -> list[Change]:
    """An issue body update, or nothing when the body is already right."""
    return [] if old == new else [UpdateIssue(number, body=new)]


def edit_body(number: int, old: str, edit: BodyEdit) -> list[Change]:
    """An issue body update made by `edit`, applied again to the body as it is right before
    the write (see `UpdateIssue`); nothing when the body is already right."""
    new = edit(old)
    return [] if old == new else [UpdateIssue(number, body=new, edit=edit)]


def upsert_comment(issue: int, existing: Comment | None, new: str) -> list[Change]:
    """Create the comment, edit `existing`, or leave it alone when it already says `new`."""
    if existing is None:
        return [CreateComment(issue, new)]
    return [] if existing.body == new else [UpdateComment(issue, existing.id, new)]
