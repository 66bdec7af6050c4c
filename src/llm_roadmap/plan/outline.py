"""The plan as a learner reads it: a summary by kind, then one entry per object.

Board values are folded under their item (a first bootstrap sets some 260 of them), so
the text and Markdown plans (templates `apply-plan.*.j2`, the words after a caption from
one macro in `partials/plan-kinds.j2`) show one line per object; the full detail stays in
the JSON document (`plan.document.diff_document`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.changes import (
    SYMBOL,
    AddItem,
    CloseIssue,
    CreateIssue,
    SetValue,
    UpdateBoard,
    UpdateField,
    UpdateIssue,
    UpdateMilestone,
)

if TYPE_CHECKING:
    from llm_roadmap.changes import Change, Kind, Plan

# Kinds whose key adds nothing to the caption (a label's key is its name).
_KEY_HIDDEN = frozenset({"label", "field", "view", "value", "comment"})


@dataclass(frozen=True)
class Summary:
    """How many objects the plan adds, changes and closes (like Terraform's "Plan: 108 to
    add, 0 to change, 0 to destroy"), board values apart, and the count of each kind."""

    add: int
    change: int
    close: int
    values: int
    kinds: tuple[tuple[Kind, int], ...]


@dataclass(frozen=True)
class PlanLine:
    """One object of the plan: its change (None for an item already on the board whose
    values change) and the board values set on it."""

    change: Change | None
    key: str
    caption: str
    values: tuple[SetValue, ...] = ()

    @property
    def symbol(self) -> str:
        return self.change.symbol if self.change is not None else SYMBOL["update"]

    @property
    def kind(self) -> str:
        return self.change.kind if self.change is not None else "item"

    @property
    def shown_key(self) -> str:
        """The key, where it says more than the caption ("" otherwise)."""
        return "" if self.kind in _KEY_HIDDEN or not self.key else self.key

    @property
    def parent(self) -> str | None:
        match self.change:
            case CreateIssue(parent=parent):
                return parent
            case _:
                return None

    @property
    def changed(self) -> tuple[str, ...]:
        match self.change:
            case UpdateIssue() | UpdateMilestone() | UpdateBoard() | UpdateField():
                return self.change.changed()
            case _:
                return ()

    @property
    def reason(self) -> str:
        match self.change:
            case UpdateIssue(reason=reason) | CloseIssue(reason=reason):
                return reason
            case _:
                return ""

    @property
    def values_text(self) -> str:
        return " · ".join(value.caption for value in self.values)


def summarise(plan: Plan) -> Summary:
    kinds: dict[Kind, int] = {}
    for change in plan.changes:
        if not isinstance(change, SetValue):
            kinds[change.kind] = kinds.get(change.kind, 0) + 1
    return Summary(
        add=sum(1 for c in plan.changes if c.symbol == "+"),
        change=sum(1 for c in plan.changes if c.symbol == "~" and not isinstance(c, SetValue)),
        close=sum(1 for c in plan.changes if c.symbol == "-"),
        values=sum(1 for c in plan.changes if isinstance(c, SetValue)),
        kinds=tuple(kinds.items()),
    )


def outline(plan: Plan) -> list[PlanLine]:
    """One entry per object in apply order; each board value under its item's entry."""
    values: dict[str, list[SetValue]] = {}
    for change in plan.changes:
        if isinstance(change, SetValue):
            values.setdefault(change.key, []).append(change)
    added = {c.key for c in plan.changes if isinstance(c, AddItem)}
    entries: list[PlanLine] = []
    for change in plan.changes:
        match change:
            case AddItem():
                folded = tuple(values.get(change.key, ()))
                entries.append(PlanLine(change, change.key, change.caption, folded))
            case SetValue() if change.key not in added:
                if change.key in values:  # the first value of an item already on the board
                    entries.append(PlanLine(None, change.key, change.title, tuple(values.pop(change.key))))
            case SetValue():
                pass
            case _:
                entries.append(PlanLine(change, change.key, change.caption))
    return entries
