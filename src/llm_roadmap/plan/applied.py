"""The record of what the tool last set on an issue, kept hidden in its body.

GitHub has no place for an integration's private state, so the managed block ends with
the applied record's marker (`ownership.applied_marker`). Comparing three values — what we set last time
(base), what is there now (current) and what the roadmap wants (desired) — tells a
learner's edit from a roadmap change: a title, milestone, label or board value is only
changed while it still equals what the tool itself set. The managed block's text is
recorded too, as short hashes of its lines (`managed`): a line in the block whose hash is
not there was written by the learner, and is kept (see `plan.diff`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from llm_roadmap.ownership import applied_marker, find_applied

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import FieldValue

_TICK = re.compile(r"^(\s*[-*+]\s+)\[[xX]\]")


@dataclass(frozen=True)
class AppliedRecord:
    """What the tool last set on one issue."""

    title: str
    milestone: str | None
    labels: tuple[str, ...]
    board: dict[str, FieldValue] = field(default_factory=dict)
    managed: tuple[str, ...] | None = None  # `line_hashes` of the managed text; None: older

    def marker(self) -> str:
        payload: dict[str, Any] = {
            "title": self.title,
            "milestone": self.milestone,
            "labels": list(self.labels),
            "board": {k: _encode_value(v) for k, v in sorted(self.board.items())},
        }
        if self.managed is not None:
            payload["managed"] = " ".join(self.managed)
        return applied_marker(payload)


def read_applied(body: str | None) -> AppliedRecord | None:
    """The record in `body`, or None when absent or unreadable (then the learner owns all)."""
    payload = find_applied(body)
    if payload is None:
        return None
    try:
        return AppliedRecord(
            title=str(payload["title"]),
            milestone=payload.get("milestone"),
            labels=tuple(payload.get("labels", ())),
            board={k: _decode_value(v) for k, v in payload.get("board", {}).items()},
            managed=tuple(str(payload["managed"]).split()) if "managed" in payload else None,
        )
    except (ValueError, KeyError, TypeError):
        return None


def line_hash(line: str) -> str:
    """A short hash of one line that ignores a tick (the learner's or `check --publish`'s),
    a CR (the web editor saves CRLF) and surrounding spaces."""
    return hashlib.sha256(_TICK.sub(r"\1[ ]", line).strip().encode()).hexdigest()[:8]


def line_hashes(text: str) -> tuple[str, ...]:
    """The sorted hashes of `text`'s non-blank lines: what the tool wrote, compactly."""
    return tuple(sorted({line_hash(line) for line in text.splitlines() if line.strip()}))


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
