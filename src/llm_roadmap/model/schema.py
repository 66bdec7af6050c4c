"""Pydantic models for the roadmap YAML files: validation at the door.

Every model is frozen and forbids unknown keys, so a typo in a key is an error with
its line and column instead of a silently ignored field. Inside the package the
validated models are used as they are (they are immutable).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Language = Literal["ja", "en"]
# A deliverable lives in one folder directly under projects/: a folder elsewhere
# (`../../tmp/evil`, `/etc`, `.github`) would put its checks out of `roadmap check`'s reach.
Folder = Annotated[str, StringConstraints(pattern=r"^projects/[A-Za-z0-9_-][A-Za-z0-9._-]*$")]


def _relative_file(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or value.startswith("~"):
        raise PydanticCustomError("relative_path", "a path inside the deliverable's folder is expected")
    return value


def _no_blank_ends(value: str) -> str:
    if value != value.strip():
        raise PydanticCustomError("blank_name", "starts or ends with a space")
    return value


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """A learner-facing string: the source's Japanese and an English rendering."""

    ja: NonEmpty
    en: NonEmpty

    def __call__(self, language: Language) -> str:
        return self.ja if language == "ja" else self.en


class Item(Frozen):
    """A single line of text with a stable id (a checklist entry, a tip, a goal)."""

    id: Id
    text: Text


class HoursRange(Frozen):
    min: Annotated[StrictInt, Field(ge=0, le=168)]
    max: Annotated[StrictInt, Field(ge=0, le=168)]

    @model_validator(mode="after")
    def _ordered(self) -> HoursRange:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min})")
        return self


class MoneyRange(Frozen):
    """A monthly amount in US dollars; `open_ended` renders the source's "$50-200+"."""

    min: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    max: Annotated[StrictInt, Field(ge=0, le=1_000_000)]
    open_ended: StrictBool = False

    @model_validator(mode="after")
    def _ordered(self) -> MoneyRange:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min})")
        return self


class Span(Frozen):
    """A stretch of the year, in weeks or calendar months counted from the start date.

    `start` and `end` are 1-based and inclusive: weeks 1-4 are the first 28 days; month 4
    is the fourth calendar month from the start date.
    """

    unit: Literal["week", "month"]
    start: Annotated[StrictInt, Field(ge=1, le=60)]
    end: Annotated[StrictInt, Field(ge=1, le=60)]

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) comes before start ({self.start})")
        return self


class Point(Frozen):
    """The end of a week or a month: a deliverable's due point ("Week 2", "Month 4")."""

    unit: Literal["week", "month"]
    at: Annotated[StrictInt, Field(ge=1, le=60)]


class Skill(Frozen):
    id: Id
    title: Text
    importance: Annotated[StrictInt, Field(ge=1, le=5, description="the source's ⭐ count")]
    hours: Annotated[StrictInt, Field(gt=0, le=2000)]
    skippable: StrictBool = False
    note: Text | None = None


class Period(Frozen):
    """A block of the skill order (重要スキル習得順序), e.g. 第1-4週: 基礎構築."""

    id: Id
    label: Text
    title: Text
    span: Span
    skills: Annotated[tuple[Skill, ...], Field(min_length=1)]


class Deliverable(Frozen):
    """A milestone deliverable (マイルストーン成果物)."""

    id: Id
    title: Text
    due: Point
    files: tuple[Annotated[NonEmpty, AfterValidator(_relative_file)], ...] = ()
    folder: Folder
    skills: tuple[Id, ...] = Field(default=(), description="ids of skills this deliverable exercises")


class Resource(Frozen):
    id: Id
    title: NonEmpty
    url: HttpUrl | None = None
    language: Language | None = None
    note: Text | None = None


class ResourceGroup(Frozen):
    id: Id
    title: Text
    resources: Annotated[tuple[Resource, ...], Field(min_length=1)]


class ChecklistGroup(Frozen):
    """A heading of the progress checklist (進捗管理テンプレート), e.g. "Month 1"."""

    id: Id
    heading: Text
    items: Annotated[tuple[Item, ...], Field(min_length=1)]


class Phase(Frozen):
    id: Id
    number: Annotated[StrictInt, Field(ge=1, le=99)]
    emoji: str = ""
    title: Text
    span: Span
    span_label: Text
    goal: Text
    objective: Text
    weekly_hours: HoursRange
    graduation: Annotated[tuple[Item, ...], Field(min_length=1)]
    periods: Annotated[tuple[Period, ...], Field(min_length=1)]
    deliverables: tuple[Deliverable, ...] = ()
    final_checkpoint: tuple[Item, ...] = ()
    resources: tuple[ResourceGroup, ...] = ()
    checklist_title: Text
    checklist: tuple[ChecklistGroup, ...] = ()
    checklist_footer: Text | None = Field(default=None, description="the source's 完了日: _____ line")


class BudgetRow(Frozen):
    phase: Id
    monthly_usd: MoneyRange
    use: Text


class Budget(Frozen):
    monthly: Annotated[tuple[BudgetRow, ...], Field(min_length=1)]
    tips: tuple[Item, ...] = ()


class ModelRow(Frozen):
    id: Id
    use: Text
    models: NonEmpty
    cost: Text
    traits: Text


class ToolRow(Frozen):
    id: Id
    category: Text
    recommended: Text
    alternatives: Text


class ErrorRow(Frozen):
    id: Id
    error: NonEmpty
    cause: Text
    fix: Text


class ErrorGroup(Frozen):
    id: Id
    title: Text
    rows: Annotated[tuple[ErrorRow, ...], Field(min_length=1)]


class Principle(Frozen):
    id: Id
    number: Annotated[StrictInt, Field(ge=1, le=99)]
    emoji: str = ""
    title: Text
    points: Annotated[tuple[Item, ...], Field(min_length=1)]


class Checklist(Frozen):
    """A titled checklist: the stuck checklists (つまずいた時) and the prerequisites."""

    id: Id
    title: Text
    items: Annotated[tuple[Item, ...], Field(min_length=1)]


class LogSection(Frozen):
    id: Id
    heading: Text


class LearningLog(Frozen):
    """The learning-log template (学習ログテンプレート)."""

    date_heading: Text
    sections: Annotated[tuple[LogSection, ...], Field(min_length=1)]


class Revision(Frozen):
    version: NonEmpty
    date: NonEmpty
    text: Text


class Introduction(Frozen):
    purpose: Text
    goals_title: Text
    goals: Annotated[tuple[Item, ...], Field(min_length=1)]
    policy_title: Text
    motto: Text
    policy: tuple[Item, ...] = ()


class Prerequisites(Frozen):
    groups: Annotated[tuple[Checklist, ...], Field(min_length=1)]
    shortfall_note: Text


class Closing(Frozen):
    title: Text
    lines: tuple[Item, ...] = ()
    revisions: tuple[Revision, ...] = ()
    feedback: Text
    copyright: NonEmpty


class Guide(Frozen):
    """Everything in the source that is not a phase: roadmap/guide.yaml."""

    title: Text
    version: NonEmpty
    headings: dict[Id, Text] = Field(
        default_factory=dict, description="the source's section headings, by section id"
    )
    introduction: Introduction
    prerequisites: Prerequisites
    budget: Budget
    models: tuple[ModelRow, ...] = ()
    tools: tuple[ToolRow, ...] = ()
    errors: tuple[ErrorGroup, ...] = ()
    resources_ongoing: tuple[ResourceGroup, ...] = ()
    principles: tuple[Principle, ...] = ()
    learning_log: LearningLog
    stuck: tuple[Checklist, ...] = ()
    closing: Closing


def id_prefix_ok(parent: str, child: str) -> bool:
    """Child ids are namespaced by their phase (`p1.w1-4.python-basics` under `p1`)."""
    return child == parent or child.startswith(parent + ".")


Kind = Literal["epic", "skill", "deliverable", "dashboard"]
Color = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{6}$")]


class LabelDef(Frozen):
    """A label bootstrap creates. `phase`, `kind` or `importance` says which items get it."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=50), AfterValidator(_no_blank_ends)]
    color: Color
    description: Text
    phase: Id | None = None
    kind: Kind | None = None
    importance: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    every_item: StrictBool = False

    @model_validator(mode="after")
    def _short_description(self) -> LabelDef:
        for text in (self.description.ja, self.description.en):
            if len(text) > 100:
                raise ValueError("GitHub allows at most 100 characters in a label description")
        return self


class FieldDef(Frozen):
    """A Projects board field and the plan attribute that fills it."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_no_blank_ends)]
    type: Literal["single_select", "number", "date", "iteration", "text"]
    source: Literal["phase", "kind", "hours", "start", "due", "week", "importance"]
    duration_days: Annotated[StrictInt, Field(ge=1, le=31)] = 7


class ViewDef(Frozen):
    name: Text
    layout: Literal["table", "board", "roadmap"]
    group_by: NonEmpty | None = None
    filter: str | None = None


class Board(Frozen):
    title: Text
    description: Text
    fields: Annotated[tuple[FieldDef, ...], Field(min_length=1)]
    views: Annotated[tuple[ViewDef, ...], Field(min_length=1)]


class GitHubSetup(Frozen):
    """roadmap/github.yaml: labels, the names of item kinds, the Projects board."""

    kinds: dict[Kind, Text]
    labels: Annotated[tuple[LabelDef, ...], Field(min_length=1)]
    board: Board
