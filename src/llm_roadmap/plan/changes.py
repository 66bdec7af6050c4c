"""The plan: an ordered list of changes, in the vocabulary of plan/apply tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["create", "update", "close", "link", "add", "set"]
Kind = Literal["label", "milestone", "issue", "sub-issue", "board", "field", "view", "item", "value"]

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
}
SYMBOL: dict[Action, str] = {
    "create": "+",
    "add": "+",
    "link": "+",
    "update": "~",
    "set": "~",
    "close": "-",
}


@dataclass(frozen=True)
class Change:
    """One write. `key` is the stable key of the object; `data` what will be sent."""

    action: Action
    kind: Kind
    key: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    @property
    def symbol(self) -> str:
        return SYMBOL[self.action]

    def sort_key(self) -> tuple[int, int]:
        # Updates and closes of existing issues come last: their new applied record must
        # not land before the board values it describes (see plan.applied).
        if self.kind == "issue" and self.action != "create":
            return (len(_ORDER), 0)
        return (_ORDER[self.kind], 0 if self.action == "create" else 1)


@dataclass
class Plan:
    """Changes in apply order, plus what was deliberately left alone and why."""

    changes: list[Change] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def count(self, kind: Kind, action: Action | None = None) -> int:
        return sum(1 for c in self.changes if c.kind == kind and (action is None or c.action == action))
