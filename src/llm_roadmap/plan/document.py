"""The plan as JSON-ready documents.

`plan_document`: the desired inventory, without reading GitHub (`roadmap bootstrap
--dry-run --json`). `diff_document`: the changes against GitHub (`roadmap plan --json`),
in apply order, each as `{"kind", "action", "key", "title", "fields"}`: `fields` holds
what will be sent (for an update only what changes; `"milestone": null` removes it),
dates as ISO strings, and `"reason"` (a code: `"removed"`, `"moved"`) where an issue
changes for a reason; `left_alone` holds what the diff left alone on purpose, each as
`{"what": code, ...its fields}` (`plan.notes`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from llm_roadmap.changes import UNCHANGED, CloseIssue, UpdateIssue
from llm_roadmap.plan.outline import summarise

if TYPE_CHECKING:
    from llm_roadmap.changes import Change, Plan
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


DIFF_FORMAT_VERSION = 1
_NOT_FIELDS = frozenset({"key", "edit", "name", "reason"})


def diff_document(plan: Plan, repo: str) -> dict[str, Any]:
    """What `roadmap plan` would write to `repo`, and what it leaves alone."""
    summary = summarise(plan)
    return {
        "format": DIFF_FORMAT_VERSION,
        "repo": repo,
        "summary": {
            "add": summary.add,
            "change": summary.change,
            "close": summary.close,
            "values": summary.values,
        },
        "changes": [_change(change) for change in plan.changes],
        "left_alone": [{"what": note.what, **_plain(note)} for note in plan.left_alone],
    }


def _change(change: Change) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": change.kind,
        "action": change.action,
        "key": change.key,
        "title": change.caption,
        "fields": _sent(change),
    }
    match change:
        case UpdateIssue(reason=reason) | CloseIssue(reason=reason) if reason:
            entry["reason"] = reason
        case _:
            pass
    return entry


def _sent(change: Change) -> dict[str, Any]:
    """The fields the change sends. A field left out is one it leaves alone: `UNCHANGED`,
    or None where None means that (not where `UNCHANGED` is the default: there None is
    sent, as UpdateIssue's milestone=None removes the milestone)."""
    sent = {}
    for f in dataclasses.fields(change):
        value = getattr(change, f.name)
        if f.name in _NOT_FIELDS or value is UNCHANGED or (value is None and f.default is not UNCHANGED):
            continue
        sent[f.name] = _plain(value)
    return sent


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
