"""Where each milestone deliverable (マイルストーン成果物) stands, from what the bots can see.

The weekly summary shows, for each deliverable: closed (accepted), submitted with the
submission form, its files all present in its project folder, some present, or not
started; and how many of its automatic checks passed at the last `roadmap check --publish`
(the ticked check lines of its issue). The file check reads the checked-out working
tree in the command layer and passes the set of present paths in, so this module stays
pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.ownership import check_items

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.bots.progress import Task
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.snapshot import Issue, Issues

Status = Literal["accepted", "submitted", "files-present", "in-progress", "not-started"]
SUBMISSION_LABEL = "submission"
# The submission form's dropdown options start with the deliverable's id ("p1.d01.simple-chat: ...").
_ID = re.compile(r"\b(p\d+\.d\d+\.[a-z0-9-]+)\b")


@dataclass(frozen=True)
class DeliverableProgress:
    task: Task
    folder: str
    expected: tuple[str, ...]
    missing: tuple[str, ...]
    status: Status
    submissions: tuple[int, ...] = ()
    checks_passed: int = 0
    checks_total: int = 0


def expected_files(folder: str, files: Iterable[str]) -> tuple[str, ...]:
    """Paths (from the repository root) a deliverable should have; the folder itself if none."""
    listed = tuple(f"{folder}/{name}" for name in files)
    return listed or (folder,)


def submitted_ids(issues: Iterable[Issue]) -> dict[str, list[int]]:
    """Open submission issues by the deliverable id they name."""
    found: dict[str, list[int]] = {}
    for issue in issues:
        if issue.is_closed or SUBMISSION_LABEL not in (n.casefold() for n in issue.labels):
            continue
        for deliverable_id in dict.fromkeys(_ID.findall(issue.body)):
            found.setdefault(deliverable_id, []).append(issue.number)
    return found


def statuses(
    roadmap: Roadmap, tasks: Iterable[Task], present: frozenset[str], issues: Issues
) -> list[DeliverableProgress]:
    """The status of every scheduled deliverable, in due-date order; check ticks are read
    only from our own deliverable issues (`Issues.by_key`), never from a look-alike."""
    by_id = {d.id: d for _, d in roadmap.deliverables()}
    submitted = submitted_ids(issues.all)
    checks = {key: check_items(issue.body) for key, issue in issues.by_key.items() if key in by_id}
    result = []
    for task in sorted((t for t in tasks if t.kind == "deliverable"), key=lambda t: (t.due, t.key)):
        deliverable = by_id[task.key]
        expected = expected_files(deliverable.folder, deliverable.files)
        missing = tuple(path for path in expected if path not in present)
        numbers = tuple(submitted.get(task.key, ()))
        ticks = checks.get(task.key, {})
        result.append(
            DeliverableProgress(
                task,
                deliverable.folder,
                expected,
                missing,
                _status(task, missing, expected, numbers),
                numbers,
                checks_passed=sum(ticks.values()),
                checks_total=len(ticks),
            )
        )
    return result


def _status(
    task: Task, missing: tuple[str, ...], expected: tuple[str, ...], submissions: tuple[int, ...]
) -> Status:
    if task.is_closed:
        return "accepted"
    if submissions:
        return "submitted"
    if not missing:
        return "files-present"
    return "in-progress" if len(missing) < len(expected) else "not-started"
