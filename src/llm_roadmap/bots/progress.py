"""Progress against the plan: per phase, by due date, this week and the next.

The plan is the desired state bootstrap builds (each task's planned dates and hours);
the actual is which of those issues are closed, and when. Pure: `today` and the zone
are parameters.

"Behind by N days" is an earned-schedule measure on task counts: with `k` tasks closed
(in any order), the plan expected the `k+1`-th task (by due date) to be done by its due
date; if that date has passed, the learner is behind by the days since. Symmetrically,
with `k` tasks closed the learner is ahead when the `k`-th due date is still to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.schedule import ONE_DAY, DateRange

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence
    from zoneinfo import ZoneInfo

    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.snapshot import Issues

TASK_KINDS = ("skill", "deliverable")


@dataclass(frozen=True)
class Task:
    """One skill or deliverable of the plan, with what GitHub says about it."""

    key: str
    kind: str
    phase: str
    title: str
    start: dt.date
    due: dt.date
    hours: int
    number: int | None = None
    url: str = ""
    closed_on: dt.date | None = None  # the learner's date it was closed

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def overlaps(self, window: DateRange) -> bool:
        return self.start <= window.end and self.due >= window.start


@dataclass(frozen=True)
class Pace:
    """Signed schedule variance in days: positive is behind, negative is ahead."""

    days: int

    @property
    def behind(self) -> int:
        return max(self.days, 0)

    @property
    def ahead(self) -> int:
        return max(-self.days, 0)

    @property
    def on_track(self) -> bool:
        return self.days <= 0


@dataclass(frozen=True)
class PhaseProgress:
    phase: str
    number: int
    title: str
    dates: DateRange
    closed: int
    total: int
    hours_done: int
    hours_planned: int
    pace: Pace

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.closed == self.total

    @property
    def percent(self) -> int:
        return 100 * self.closed // self.total if self.total else 0


@dataclass(frozen=True)
class ChartPoint:
    label: str
    planned: int
    actual: int


def tasks_of(desired: Desired, issues: Issues, zone: ZoneInfo) -> list[Task]:
    """The plan's tasks (skills and deliverables), joined with their GitHub issues by key."""
    tasks = []
    for item in desired.issues:
        if item.kind not in TASK_KINDS or item.start is None or item.due is None or item.phase is None:
            continue
        issue = issues.by_key.get(item.key)
        closed_on = None
        if issue is not None and issue.is_closed:
            closed_at = issue.closed_at or issue.created_at
            closed_on = closed_at.astimezone(zone).date()
        tasks.append(
            Task(
                key=item.key,
                kind=item.kind,
                phase=item.phase,
                title=item.title,
                start=item.start,
                due=item.due,
                hours=item.hours or 0,
                number=issue.number if issue else None,
                url=issue.url if issue else "",
                closed_on=closed_on,
            )
        )
    return tasks


def pace(tasks: Sequence[Task], today: dt.date) -> Pace:
    """How far ahead of or behind the plan the closed tasks put the learner today."""
    dues = sorted(t.due for t in tasks)
    done = sum(1 for t in tasks if t.is_closed)
    if done < len(dues) and dues[done] < today:
        return Pace((today - dues[done]).days)
    if done and dues[done - 1] > today:
        return Pace(-(dues[done - 1] - today).days)
    return Pace(0)


def phase_progress(
    roadmap: Roadmap, desired: Desired, tasks: Sequence[Task], today: dt.date
) -> list[PhaseProgress]:
    """Closed of total, hours done of planned and pace, for each phase."""
    result = []
    for phase in roadmap.phases:
        mine = [t for t in tasks if t.phase == phase.id]
        epic = desired.issue(f"{phase.id}.epic")
        assert epic.start is not None
        assert epic.due is not None
        result.append(
            PhaseProgress(
                phase=phase.id,
                number=phase.number,
                title=epic.title,
                dates=DateRange(epic.start, epic.due),
                closed=sum(1 for t in mine if t.is_closed),
                total=len(mine),
                hours_done=sum(t.hours for t in mine if t.is_closed),
                hours_planned=sum(t.hours for t in mine),
                pace=pace(mine, today),
            )
        )
    return result


def current_phase(progress: Sequence[PhaseProgress], today: dt.date) -> PhaseProgress:
    """The phase whose dates hold `today` (the first before the start, the last after the end)."""
    for phase in progress:
        if today in phase.dates:
            return phase
    return progress[0] if today < progress[0].dates.start else progress[-1]


def closed_between(tasks: Iterable[Task], window: DateRange) -> list[Task]:
    return sorted((t for t in tasks if t.closed_on in window), key=lambda t: (t.closed_on, t.key))


def planned_in(tasks: Iterable[Task], window: DateRange) -> list[Task]:
    """Open tasks the plan puts (at least partly) inside `window`."""
    return sorted(
        (t for t in tasks if not t.is_closed and t.overlaps(window)), key=lambda t: (t.start, t.due, t.key)
    )


def overdue(tasks: Iterable[Task], today: dt.date) -> list[Task]:
    """Open tasks whose due date has passed (a task due today is not late yet)."""
    return sorted((t for t in tasks if not t.is_closed and t.due < today), key=lambda t: (t.due, t.key))


def chart(tasks: Sequence[Task], start: dt.date, through: dt.date, max_points: int = 26) -> list[ChartPoint]:
    """Cumulative planned and closed tasks at the end of each roadmap week up to `through`."""
    points = []
    week = 1
    end = start + 6 * ONE_DAY
    while start <= through:
        cut = min(end, through)
        planned = sum(1 for t in tasks if t.due <= cut)
        actual = sum(1 for t in tasks if t.closed_on is not None and t.closed_on <= cut)
        points.append(ChartPoint(f"W{week}", planned, actual))
        week += 1
        start, end = end + ONE_DAY, end + 7 * ONE_DAY
    return points[-max_points:]
