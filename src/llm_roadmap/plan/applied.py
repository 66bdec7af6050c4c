"""The record of what the tool last set on an issue, kept hidden in its body.

GitHub has no place for an integration's private state, so the managed block ends with
`<!-- roadmap:applied BASE64JSON -->`. Comparing three values — what we set last time
(base), what is there now (current) and what the roadmap wants (desired) — tells a
learner's edit from a roadmap change: a title, milestone, label or board value is only
changed while it still equals what the tool itself set.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import FieldValue

_APPLIED = re.compile(r"<!-- roadmap:applied ([A-Za-z0-9+/=]+) -->")


@dataclass(frozen=True)
class Applied:
    title: str
    milestone: str | None
    labels: tuple[str, ...]
    board: dict[str, FieldValue] = field(default_factory=dict)

    def marker(self) -> str:
        payload = {
            "title": self.title,
            "milestone": self.milestone,
            "labels": list(self.labels),
            "board": {k: _encode_value(v) for k, v in sorted(self.board.items())},
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return f"<!-- roadmap:applied {base64.b64encode(raw.encode()).decode()} -->"


def read_applied(body: str | None) -> Applied | None:
    """The record in `body`, or None when absent or unreadable (then the learner owns all)."""
    match = _APPLIED.search(body or "")
    if match is None:
        return None
    try:
        payload = json.loads(base64.b64decode(match.group(1), validate=True))
        return Applied(
            title=str(payload["title"]),
            milestone=payload.get("milestone"),
            labels=tuple(payload.get("labels", ())),
            board={k: _decode_value(v) for k, v in payload.get("board", {}).items()},
        )
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None


def _encode_value(value: FieldValue) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode_value(value: Any) -> FieldValue:
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return str(value)
