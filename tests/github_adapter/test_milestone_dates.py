"""Milestone due dates: what we send is kept by GitHub as the day we mean, in every season."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.adapter.dates import due_day, due_on_for

PACIFIC = ZoneInfo("America/Los_Angeles")


def github_keeps(due_on: str) -> dt.datetime:
    """GitHub's rule: floor to midnight US Pacific time, answer in UTC."""
    day = dt.datetime.fromisoformat(due_on).astimezone(PACIFIC).date()
    return dt.datetime.combine(day, dt.time(), tzinfo=PACIFIC).astimezone(dt.UTC)


def every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def test_every_day_of_several_years_survives_the_round_trip() -> None:
    """Standard and daylight time, both changeovers, leap days."""
    for day in every_day(dt.date(2026, 1, 1), dt.date(2032, 12, 31)):
        kept = github_keeps(due_on_for(day))
        assert due_day(kept) == day, day


@pytest.mark.parametrize(
    ("answer", "day"),
    [
        ("2027-01-31T08:00:00Z", dt.date(2027, 1, 31)),
        ("2027-07-31T07:00:00Z", dt.date(2027, 7, 31)),
        ("2027-01-31T00:00:00-08:00", dt.date(2027, 1, 31)),
    ],
)
def test_the_day_is_read_as_github_means_it(answer: str, day: dt.date) -> None:
    assert due_day(dt.datetime.fromisoformat(answer)) == day


def test_midnight_utc_would_lose_a_day() -> None:
    """Why noon: midnight UTC is the evening before in California."""
    assert due_day(github_keeps("2027-01-31T00:00:00+00:00")) == dt.date(2027, 1, 30)
    assert due_on_for(dt.date(2027, 1, 31)) == "2027-01-31T12:00:00Z"


def test_a_naive_timestamp_is_taken_as_utc() -> None:
    assert due_day(dt.datetime(2027, 1, 31, 8)) == dt.date(2027, 1, 31)  # noqa: DTZ001 - naive on purpose
