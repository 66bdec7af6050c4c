"""The daily check: the streak on the dashboard, and one quiet reminder when the learner stalls.

A single missed evening only shows on the dashboard (an edit, which notifies no one).
The reminder issue is for stagnation, the source's 「学習が停滞している時」: it opens when
`reminder_after_days` whole days in a row (in the learner's time zone) passed without a
commit, is edited in place while the stall lasts, and closes once, with a welcome-back
edit, when the learner is back. Opening, reopening and closing notify the learner, so:

- the reminder is never reopened for the stall it was closed in (the learner closed it
  by hand: that is an answer, not an oversight);
- after it closed, it stays closed for `QUIET_DAYS` days, so it opens at most once a
  week whatever the pattern (a learner who works after the evening run would otherwise
  see it open at 21:00 and close at 22:31, twice a week; issue #14).

Everything is decided from the snapshot and the streak at an explicit `now`: a whole
month can be replayed (tests/bots/test_replay.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.changes import Change, CreateIssue, UpdateIssue, edit_body, set_body
from llm_roadmap.ownership import bot_marker, replace_bot_section
from llm_roadmap.schedule import ONE_DAY
from llm_roadmap.snapshot import find_issue

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from llm_roadmap.bots.progress import PhaseProgress
    from llm_roadmap.bots.streak import Streak
    from llm_roadmap.snapshot import Issue

STATUS_SECTION = "status"
REMINDER_KEY = "streak-reminder"
REMINDER_LABELS = ("roadmap", "streak-reminder")
STRIP_DAYS = 14
QUIET_DAYS = 7  # after the reminder closed, it does not open again for this many days

# open/reopen/refresh: the reminder is open after this run; close: it closes now;
# hold: the learner has stalled but the reminder stays closed (quiet days, or closed by
# hand during this stall); none: nothing to do.
ReminderStep = Literal["open", "reopen", "refresh", "close", "hold", "none"]
OPEN_STEPS: frozenset[ReminderStep] = frozenset({"open", "reopen", "refresh"})


@dataclass(frozen=True)
class ReminderPolicy:
    """When the reminder may open: the learner's setting and their time zone."""

    after_days: int  # roadmap/config.yaml `reminder_after_days`
    zone: ZoneInfo
    quiet_days: int = QUIET_DAYS


@dataclass(frozen=True)
class StatusView:
    """What the dashboard's status section shows."""

    streak: Streak
    days: tuple[tuple[dt.date, bool], ...]  # the last STRIP_DAYS days, oldest first
    phases: tuple[PhaseProgress, ...]
    reminder_open: bool = False  # after this run


def status_view(
    streak: Streak, phases: Sequence[PhaseProgress], *, reminder_open: bool = False
) -> StatusView:
    first = streak.today - (STRIP_DAYS - 1) * ONE_DAY
    days = tuple((first + n * ONE_DAY, first + n * ONE_DAY in streak.active_days) for n in range(STRIP_DAYS))
    return StatusView(streak, days, tuple(phases), reminder_open)


def find_reminder(issues: Sequence[Issue], authors: frozenset[str]) -> Issue | None:
    return find_issue(issues, bot_marker(REMINDER_KEY), authors)


def plan_dashboard(dashboard: Issue, section: str) -> list[Change]:
    """Rewrite the status section of the dashboard, and nothing else of it."""
    return edit_body(
        dashboard.number, dashboard.body, lambda body: replace_bot_section(body, STATUS_SECTION, section)
    )


def is_stalled(streak: Streak, after_days: int) -> bool:
    """`after_days` whole days in a row without a commit (today, still under way, excluded)."""
    return streak.today_status != "not-started" and streak.missed_days >= after_days


def first_missed_day(streak: Streak) -> dt.date:
    """The first day of the current run of days without a commit."""
    return streak.today - streak.missed_days * ONE_DAY


def reminder_step(streak: Streak, reminder: Issue | None, policy: ReminderPolicy) -> ReminderStep:
    """What to do with the reminder at the instant of `streak` (its `today`)."""
    if not is_stalled(streak, policy.after_days):
        return "close" if reminder is not None and not reminder.is_closed else "none"
    if reminder is None:
        return "open"
    if not reminder.is_closed:
        return "refresh"
    if reminder.closed_at is None:
        return "reopen"
    closed_on = reminder.closed_at.astimezone(policy.zone).date()
    if closed_on >= first_missed_day(streak):
        return "hold"  # closed during this very stall: not reopened for it
    if (streak.today - closed_on).days < policy.quiet_days:
        return "hold"
    return "reopen"


def plan_reminder(step: ReminderStep, reminder: Issue | None, title: str, body: str) -> list[Change]:
    """The writes for `step`: one issue, opened, edited or closed; never a second one."""
    if step == "open":
        return [CreateIssue(title, body, REMINDER_LABELS)]
    if reminder is None or step in ("hold", "none"):
        return []
    if step == "reopen":
        return [UpdateIssue(reminder.number, body=body, state="open")]
    if step == "close":
        return [UpdateIssue(reminder.number, body=body, state="closed", state_reason="completed")]
    return set_body(reminder.number, reminder.body, body)
