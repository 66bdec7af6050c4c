"""Post check results to the deliverable's issue: one sticky comment, and its checklist ticked.

The issue is the one bootstrap created: it has the `roadmap` label and the hidden marker
`<!-- roadmap:<deliverable id> -->` in its body. The comment is found again by its own
marker `<!-- roadmap-check:<deliverable id> -->` (`roadmap-check-gpu:` for a GPU run) and
an author we trust (`llm_roadmap.ownership`: this token's identity, the learner or the
Actions bot), then edited, never duplicated. In the issue body only the checklist lines that carry
`<!-- roadmap-check-item:<deliverable id>/<check id> -->` are touched: `- [ ]` becomes
`- [x]` when that check passed (and back when it fails again).

Pure: the adapter reads the snapshot (the labelled issues, our issue's comments), `plan`
says what to write as `llm_roadmap.changes`, and the adapter's apply sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.changes import UpdateIssue, upsert_comment
from llm_roadmap.deliverables.report import Status
from llm_roadmap.ownership import (
    CHECK_ITEM_LINE,
    check_comment_marker,
    check_item_id,
)
from llm_roadmap.snapshot import find_comment

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from llm_roadmap.changes import Change
    from llm_roadmap.deliverables.report import DeliverableReport
    from llm_roadmap.snapshot import Comment, Issue

CommentAction = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class Published:
    """What publishing does for one deliverable: its issue, the comment, lines (un)ticked."""

    deliverable: str
    issue: int
    comment: CommentAction
    ticked: int = 0


def checklist_states(report: DeliverableReport) -> dict[str, bool]:
    """Check item id → passed, for checks that ran (a skipped check leaves its line alone)."""
    return {
        check_item_id(report.deliverable, r.id): r.status is Status.PASSED
        for r in report.results
        if r.status is not Status.SKIPPED
    }


def tick(body: str, states: Mapping[str, bool]) -> str:
    """`body` with the marked checklist lines set to `states`; every other byte unchanged."""
    lines = body.splitlines(keepends=True)
    for index, line in enumerate(lines):
        content = line.rstrip("\r\n")
        match = CHECK_ITEM_LINE.match(content)
        if match is None or match["id"] not in states:
            continue
        mark = "x" if states[match["id"]] else " "
        if (match["mark"].lower() == "x") != (mark == "x"):
            lines[index] = match["head"] + mark + match["tail"] + line[len(content) :]
    return "".join(lines)


def plan(
    report: DeliverableReport,
    comment: str,
    issue: Issue,
    comments: Iterable[Comment],
    authors: frozenset[str],
    mode: str = "cpu",
) -> tuple[list[Change], Published]:
    """The writes that bring `issue` up to date with `report`, and what they will have done.

    Our sticky comment (its marker and a trusted author, `ownership.is_ours`) is edited,
    or created; the checklist is ticked by an edit that `apply` makes again on the body as
    it is just before the write, so a learner's concurrent edit is not overwritten.
    """
    ours = find_comment(comments, check_comment_marker(report.deliverable, mode), authors)
    changes = upsert_comment(issue.number, ours, comment)
    action: CommentAction = "created" if ours is None else "updated" if changes else "unchanged"
    states = checklist_states(report)
    ticked = tick(issue.body, states)
    if ticked != issue.body:
        changes.append(UpdateIssue(issue.number, body=ticked, edit=lambda body: tick(body, states)))
    changed = sum(1 for a, b in zip(issue.body.splitlines(), ticked.splitlines(), strict=True) if a != b)
    return changes, Published(report.deliverable, issue.number, action, changed)
