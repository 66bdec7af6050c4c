"""The daily streak, derived from commit history alone: no stored state to lose.

The source asks for "1日15分でも手を動かす" and "GitHubに毎日コミット". A day counts when
the learner made at least one commit dated on that calendar day *in the learner's time
zone* (the commit's author date, which is when the work was done, not when it was
pushed). Today never breaks the streak: until the learner's day is over, a streak that
reached yesterday is still alive, and today is only "pending".

Pure: the commits, the zone and `now` are parameters; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.schedule import ONE_DAY, local_today

if TYPE_CHECKING:
    from collections.abc import Iterable
    from zoneinfo import ZoneInfo

    from llm_roadmap.snapshot import Commit

TodayStatus = Literal["done", "pending", "not-started"]

# The Actions bot commits as this account (docs: "GITHUB_TOKEN" / "github-actions[bot]").
ACTIONS_BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"


@dataclass(frozen=True)
class Streak:
    """The learner's streak at the instant `now`."""

    today: dt.date
    current: int
    longest: int
    today_status: TodayStatus
    last_active: dt.date | None
    missed_days: int  # whole days since the last active one, today excluded
    active_days: frozenset[dt.date]

    @property
    def is_broken(self) -> bool:
        """At least one whole day has passed without a commit (the dashboard says so)."""
        return self.today_status != "not-started" and self.missed_days > 0

    def active_between(self, first: dt.date, last: dt.date) -> int:
        """How many days in `first`..`last` (inclusive) had a commit."""
        return sum(1 for day in self.active_days if first <= day <= last)


def is_bot(commit: Commit) -> bool:
    """Commits by apps and Actions do not count: only the learner's own work does."""
    login = (commit.author_login or "").lower()
    email = commit.author_email.lower()
    return (
        commit.author_type == "Bot"
        or login.endswith("[bot]")
        or email == ACTIONS_BOT_EMAIL
        or "[bot]@users.noreply.github.com" in email
    )


def is_learners(commit: Commit, learner: str | None) -> bool:
    """The learner's own commit: not a bot's, and not another GitHub user's.

    A commit whose email is linked to no GitHub account has no login; in a personal
    learning repository that is the learner on a machine with another email, so it counts.
    With no known learner (an organisation-owned repository), every person counts.
    """
    if is_bot(commit):
        return False
    if learner is None or commit.author_login is None:
        return True
    return commit.author_login.lower() == learner.lower()


def active_days(
    commits: Iterable[Commit], zone: ZoneInfo, now: dt.datetime, learner: str | None
) -> frozenset[dt.date]:
    """The learner's calendar days (in `zone`) with at least one commit up to `now`.

    A commit dated after `now` (a wrong clock on the learner's machine) is ignored rather
    than counted on a day that has not happened yet.
    """
    return frozenset(
        c.authored_at.astimezone(zone).date()
        for c in commits
        if c.authored_at <= now and is_learners(c, learner)
    )


def compute_streak(
    commits: Iterable[Commit],
    zone: ZoneInfo,
    now: dt.datetime,
    *,
    start: dt.date,
    learner: str | None = None,
) -> Streak:
    """The streak at `now`, counting days from `start` (the roadmap's start date) on."""
    today = local_today(now, zone)
    days = frozenset(d for d in active_days(commits, zone, now, learner) if d >= start)
    if today < start:
        return Streak(today, 0, 0, "not-started", None, 0, days)
    last_active = max(days) if days else None
    anchor = today if today in days else today - ONE_DAY
    current = _run_ending(days, anchor)
    reference = last_active if last_active is not None else start - ONE_DAY
    missed = max(0, (today - reference).days - 1)
    status: TodayStatus = "done" if today in days else "pending"
    return Streak(today, current, max(current, _longest(days)), status, last_active, missed, days)


def _run_ending(days: frozenset[dt.date], last: dt.date) -> int:
    """Length of the run of consecutive active days ending on `last` (0 if inactive)."""
    count = 0
    while last in days:
        count += 1
        last -= ONE_DAY
    return count


def _longest(days: frozenset[dt.date]) -> int:
    """Longest run of consecutive active days."""
    return max((_run_ending(days, d) for d in days if d + ONE_DAY not in days), default=0)


def history_since(start: dt.date, zone: ZoneInfo, now: dt.datetime, max_days: int) -> dt.datetime:
    """The earliest instant worth reading commits from: the start date, at most `max_days` ago.

    Bounds the commit listing (a year of daily commits is still only a few pages).
    """
    first_day = max(start, local_today(now, zone) - dt.timedelta(days=max_days))
    return dt.datetime.combine(first_day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
