"""The daily check: the streak on the dashboard, and one rolling reminder when a day is missed.

The reminder is a single issue, found by its marker, reused for every lapse: opened (or
reopened) and then edited in place while days are missed, closed again as soon as the
learner is back. Only opening it notifies; edits do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap.bots.changes import Change, CreateIssue, UpdateIssue, set_body
from llm_roadmap.bots.dashboard import replace_section
from llm_roadmap.bots.markers import find_issue
from llm_roadmap.schedule import ONE_DAY

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from llm_roadmap.bots.progress import PhaseProgress
    from llm_roadmap.bots.snapshot import IssueSnapshot
    from llm_roadmap.bots.streak import Streak

STATUS_SECTION = "status"
REMINDER_KEY = "streak-reminder"
REMINDER_LABELS = ("roadmap", "streak-reminder")
STRIP_DAYS = 14


@dataclass(frozen=True)
class StatusView:
    """What the dashboard's status section shows."""

    streak: Streak
    days: tuple[tuple[dt.date, bool], ...]  # the last STRIP_DAYS days, oldest first
    phases: tuple[PhaseProgress, ...]


def status_view(streak: Streak, phases: Sequence[PhaseProgress]) -> StatusView:
    first = streak.today - (STRIP_DAYS - 1) * ONE_DAY
    days = tuple((first + n * ONE_DAY, first + n * ONE_DAY in streak.active_days) for n in range(STRIP_DAYS))
    return StatusView(streak, days, tuple(phases))


def find_reminder(issues: Sequence[IssueSnapshot], authors: frozenset[str]) -> IssueSnapshot | None:
    return find_issue(issues, REMINDER_KEY, authors)


def plan_dashboard(dashboard: IssueSnapshot, section: str) -> list[Change]:
    """Rewrite the status section of the dashboard, and nothing else of it."""
    return set_body(
        dashboard.number, dashboard.body, lambda body: replace_section(body, STATUS_SECTION, section)
    )


def plan_reminder(streak: Streak, reminder: IssueSnapshot | None, title: str, body: str) -> list[Change]:
    """Open/refresh the reminder while days are missed; close it once the learner is back."""
    if streak.is_broken:
        if reminder is None:
            return [CreateIssue(title, body, REMINDER_LABELS)]
        if reminder.is_closed:
            return [UpdateIssue(reminder.number, body=body, state="open")]
        return [] if reminder.body == body else [UpdateIssue(reminder.number, body=body)]
    if reminder is not None and not reminder.is_closed:
        return [UpdateIssue(reminder.number, body=body, state="closed", state_reason="completed")]
    return []
