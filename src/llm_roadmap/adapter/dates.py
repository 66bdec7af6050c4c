"""Milestone due dates as GitHub keeps them.

GitHub stores a milestone's `due_on` as a date: the instant it is sent is floored to
midnight US Pacific time, and read back as that midnight in UTC (`T07:00:00Z` in
daylight time, `T08:00:00Z` otherwise). Midnight UTC is still the evening before in
California, so `2027-01-31T00:00:00Z` is kept as January 30 (microsoft/PowerShellForGitHub#133,
wordpress-mobile/release-toolkit#419, valeriobelli/gh-milestone#19).

Noon UTC is 04:00 or 05:00 in California, always on the same date, so it names the day
whatever the season. The day is read back in Pacific time, as GitHub means it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

GITHUB_MILESTONE_ZONE = ZoneInfo("America/Los_Angeles")


def due_on_for(day: dt.date) -> str:
    """The `due_on` to send so that GitHub keeps `day`."""
    return f"{day.isoformat()}T12:00:00Z"


def due_day(due_on: dt.datetime) -> dt.date:
    """The date GitHub keeps for a `due_on` it returned (an aware timestamp)."""
    if due_on.tzinfo is None:  # PyGithub parses `Z`, but be safe with a naive UTC time
        due_on = due_on.replace(tzinfo=dt.UTC)
    return due_on.astimezone(GITHUB_MILESTONE_ZONE).date()
