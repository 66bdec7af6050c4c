"""Phase graduation: when every task of a phase is closed, celebrate and move on.

For a complete phase: close the phase's milestones, and post the phase's final
checkpoint (最終チェックポイント) on its epic as a celebration that points to the next
phase, once (the comment is found again by its marker and author). If a task is
reopened after graduating, the milestones closed for it are opened again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from llm_roadmap.bots.markers import find_comment
from llm_roadmap.changes import Change, UpdateMilestone, upsert_comment
from llm_roadmap.ownership import find_key

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from llm_roadmap.bots.progress import PhaseProgress, Task
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.snapshot import Comment, Issue, Milestone


def comment_key(phase_id: str) -> str:
    return f"graduation:{phase_id}"


@dataclass(frozen=True)
class GraduationView:
    """What the celebration comment shows."""

    progress: PhaseProgress
    finished_on: dt.date
    days_early: int  # negative: finished after the planned end
    next_phase: PhaseProgress | None
    next_epic: Issue | None
    next_tasks: tuple[Task, ...]


def graduation_view(
    phase: PhaseProgress,
    phases: Sequence[PhaseProgress],
    tasks: Sequence[Task],
    epics: Mapping[str, Issue],
) -> GraduationView:
    mine = [t.closed_on for t in tasks if t.phase == phase.phase and t.closed_on is not None]
    finished = max(mine, default=phase.dates.end)
    index = [p.phase for p in phases].index(phase.phase)
    following = phases[index + 1] if index + 1 < len(phases) else None
    upcoming: tuple[Task, ...] = ()
    if following is not None:
        todo = [t for t in tasks if t.phase == following.phase and not t.is_closed]
        upcoming = tuple(sorted(todo, key=lambda t: (t.start, t.key))[:3])
    return GraduationView(
        progress=phase,
        finished_on=finished,
        days_early=(phase.dates.end - finished).days,
        next_phase=following,
        next_epic=epics.get(f"{following.phase}.epic") if following else None,
        next_tasks=upcoming,
    )


def phase_milestones(roadmap: Roadmap, desired: Desired, phase_id: str) -> list[str]:
    """The titles of a phase's milestones, as bootstrap names them."""
    periods = {p.id for p in roadmap.phase(phase_id).periods}
    return [m.title for m in desired.milestones if m.key in periods]


def plan_phase(
    phase: PhaseProgress,
    titles: Sequence[str],
    milestones: Sequence[Milestone],
    epic: Issue | None,
    comments: Sequence[Comment],
    authors: frozenset[str],
    body: str | None,
) -> list[Change]:
    """The changes for one phase; `body` is the rendered celebration (None: not complete)."""
    mine = [m for m in milestones if m.title in set(titles)]
    existing = find_comment(comments, comment_key(phase.phase), authors)
    if phase.complete and body is not None:
        changes: list[Change] = [
            UpdateMilestone(m.number, m.title, "closed") for m in mine if m.state == "open"
        ]
        if epic is not None:
            changes += upsert_comment(epic.number, existing, body)
        return changes
    if existing is None:  # never graduated: the learner's milestones are theirs to manage
        return []
    return [UpdateMilestone(m.number, m.title, "open") for m in mine if m.state == "closed"]


def event_phase(payload: Mapping[str, Any]) -> str | None:
    """The phase an `issues` event is about, from the issue's roadmap key (`p1.w1-4.x` → `p1`).

    None for an issue the tool did not create, and for events without an issue.
    """
    issue = payload.get("issue")
    if not isinstance(issue, dict):
        return None
    key = find_key(issue.get("body") if isinstance(issue.get("body"), str) else None)
    if key is None or key == "dashboard":
        return None
    return key.split(".", 1)[0]


def read_event(text: str) -> dict[str, Any]:
    """A webhook payload file (GITHUB_EVENT_PATH); an unreadable one counts as empty."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}
