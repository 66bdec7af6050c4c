"""The reminder's decisions (bots/daily.py): only a stall opens it, once a week at most.

Table-driven on hand-made snapshots; the month-long runs against the fake GitHub server
are in test_replay.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.bots.daily import (
    REMINDER_LABELS,
    ReminderPolicy,
    first_missed_day,
    is_stalled,
    plan_reminder,
    reminder_step,
)
from llm_roadmap.bots.streak import Streak, compute_streak
from llm_roadmap.changes import CreateIssue, UpdateIssue
from llm_roadmap.snapshot import Commit, Issue

TOKYO = ZoneInfo("Asia/Tokyo")
START = dt.date(2027, 1, 4)
POLICY = ReminderPolicy(after_days=2, zone=TOKYO)


def streak(now: str, *days: int, start: dt.date = START) -> Streak:
    """The streak at `now` (Tokyo) with one 20:00 commit on each January day in `days`."""
    history = [Commit(f"c{d}", dt.datetime(2027, 1, d, 20, tzinfo=TOKYO), "octocat") for d in days]
    return compute_streak(history, TOKYO, dt.datetime.fromisoformat(now), start=start, learner="octocat")


def reminder(state: str = "open", closed_at: str | None = None, body: str = "old") -> Issue:
    closed = dt.datetime.fromisoformat(closed_at) if closed_at else None
    return Issue(7, "🔔", body, state, REMINDER_LABELS, closed_at=closed, author="github-actions[bot]")


@pytest.mark.parametrize(
    ("now", "days", "missed", "stalled"),
    [
        ("2027-01-06T21:00:00+09:00", (4, 5), 0, False),  # today pending: nothing missed
        ("2027-01-07T21:00:00+09:00", (4, 5), 1, False),  # one missed evening: dashboard only
        ("2027-01-08T00:01:00+09:00", (4, 5), 2, True),  # two whole days: a stall
        ("2027-01-08T21:00:00+09:00", (4, 5, 8), 0, False),  # back today
        ("2027-01-06T21:00:00+09:00", (), 2, True),  # nothing since the start date
        ("2027-01-02T21:00:00+09:00", (), 0, False),  # before the start date
    ],
)
def test_a_stall_is_whole_days_in_a_row(now: str, days: tuple[int, ...], missed: int, stalled: bool) -> None:
    result = streak(now, *days)
    assert result.missed_days == missed
    assert is_stalled(result, 2) is stalled


def test_the_threshold_is_the_learners_setting() -> None:
    result = streak("2027-01-07T21:00:00+09:00", 4, 5)
    assert (is_stalled(result, 1), is_stalled(result, 2)) == (True, False)
    assert first_missed_day(result) == dt.date(2027, 1, 6)


STALLED = "2027-01-18T21:00:00+09:00"  # last commit on the 15th: 16 and 17 missed


@pytest.mark.parametrize(
    ("now", "days", "existing", "step"),
    [
        (STALLED, (14, 15), None, "open"),
        (STALLED, (14, 15), reminder("open"), "refresh"),
        # Closed on return long ago: a new stall reopens it.
        (STALLED, (14, 15), reminder("closed", "2027-01-05T22:31:00+09:00"), "reopen"),
        # Closed on the last active day, 3 days ago: quiet for a week.
        (STALLED, (14, 15), reminder("closed", "2027-01-15T22:31:00+09:00"), "hold"),
        # Closed 7 days before today: may open again.
        (STALLED, (10, 11, 15), reminder("closed", "2027-01-11T22:31:00+09:00"), "reopen"),
        # Closed 6 days before today, one minute before midnight: still quiet.
        (STALLED, (10, 12, 15), reminder("closed", "2027-01-12T23:59:00+09:00"), "hold"),
        # Closed by the learner during this very stall: never reopened for it.
        (STALLED, (1, 15), reminder("closed", "2027-01-17T09:00:00+09:00"), "hold"),
        (STALLED, (1, 15), reminder("closed", "2027-01-16T00:00:00+09:00"), "hold"),
        ("2027-01-30T21:00:00+09:00", (1, 15), reminder("closed", "2027-01-17T09:00:00+09:00"), "hold"),
        # A closed issue without closed_at (never seen on GitHub): open it again.
        (STALLED, (14, 15), reminder("closed"), "reopen"),
        # One missed evening: the reminder stays as it is.
        ("2027-01-17T21:00:00+09:00", (14, 15), None, "none"),
        ("2027-01-17T21:00:00+09:00", (14, 15), reminder("closed", "2027-01-02T10:00:00+09:00"), "none"),
        # Back (today done, or only one day missed): an open reminder closes.
        ("2027-01-18T22:31:00+09:00", (14, 15, 18), reminder("open"), "close"),
        ("2027-01-17T21:00:00+09:00", (14, 15), reminder("open"), "close"),
    ],
)
def test_reminder_steps(now: str, days: tuple[int, ...], existing: Issue | None, step: str) -> None:
    assert reminder_step(streak(now, *days), existing, POLICY) == step


def test_the_quiet_days_follow_the_learners_calendar() -> None:
    # 23:00 UTC on the 11th is already the 12th in Tokyo: 6 Tokyo days before the 18th.
    closed = reminder("closed", "2027-01-11T23:00:00+00:00")
    assert reminder_step(streak(STALLED, 12, 15), closed, POLICY) == "hold"
    assert reminder_step(streak(STALLED, 12, 15), closed, ReminderPolicy(2, ZoneInfo("UTC"))) == "reopen"


@pytest.mark.parametrize(
    ("step", "existing", "expected"),
    [
        ("open", None, [CreateIssue("T", "new", REMINDER_LABELS)]),
        ("refresh", reminder("open"), [UpdateIssue(7, body="new")]),
        ("refresh", reminder("open", body="new"), []),
        ("reopen", reminder("closed"), [UpdateIssue(7, body="new", state="open")]),
        ("close", reminder("open"), [UpdateIssue(7, body="new", state="closed", state_reason="completed")]),
        ("hold", reminder("closed"), []),
        ("none", None, []),
        ("none", reminder("closed"), []),
    ],
)
def test_each_step_is_at_most_one_write(step: str, existing: Issue | None, expected: list) -> None:
    assert plan_reminder(step, existing, "T", "new") == expected  # type: ignore[arg-type]
