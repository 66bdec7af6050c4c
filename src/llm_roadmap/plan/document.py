"""The plan as one JSON-ready document (`scripts/bootstrap --dry-run --json`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llm_roadmap.model.config import Config
    from llm_roadmap.plan.desired import Desired

FORMAT_VERSION = 1


def plan_document(desired: Desired, config: Config, repo: str | None) -> dict[str, Any]:
    """Every object bootstrap would create, each with its stable key."""
    return {
        "format": FORMAT_VERSION,
        "repo": repo,
        "start_date": config.start_date.isoformat(),
        "timezone": config.timezone,
        "language": config.language,
        "labels": [{"key": label.name, **_plain(label)} for label in desired.labels],
        "milestones": [_plain(m) for m in desired.milestones],
        "issues": [_plain(i) for i in desired.issues],
        "sub_issues": [{"parent": i.parent, "child": i.key} for i in desired.issues if i.parent is not None],
        "board": _plain(desired.board),
    }


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        if obj and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in obj):
            return {k: _plain(v) for k, v in obj}
        return [_plain(x) for x in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
