"""Date arithmetic: weeks, calendar months, leap years, time zones and the skill split."""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.model.schema import Point, Span
from llm_roadmap.schedule import (
    DateRange,
    add_months,
    day_end,
    local_today,
    point_date,
    span_range,
    split_by_hours,
)
from testing.repo import copy_fixture_repo, load

if TYPE_CHECKING:
    from pathlib import Path

D = dt.date
UTC = dt.UTC


def _week(start: int, end: int) -> Span:
    return Span(unit="week", start=start, end=end)


def _month(start: int, end: int) -> Span:
    return Span(unit="month", start=start, end=end)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 1, 4), 1, D(2027, 2, 4)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 1, 31), 2, D(2027, 3, 31)),
        (D(2027, 1, 31), 3, D(2027, 4, 30)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 1, D(2028, 3, 29)),
        (D(2027, 11, 15), 14, D(2029, 1, 15)),
        (D(2027, 5, 10), 0, D(2027, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "span", "expected"),
    [
        (D(2027, 1, 4), _week(1, 4), DateRange(D(2027, 1, 4), D(2027, 1, 31))),
        (D(2027, 1, 4), _week(5, 8), DateRange(D(2027, 2, 1), D(2027, 2, 28))),
        (D(2027, 1, 4), _week(9, 12), DateRange(D(2027, 3, 1), D(2027, 3, 28))),
        (D(2027, 12, 20), _week(2, 3), DateRange(D(2027, 12, 27), D(2028, 1, 9))),
        (D(2028, 2, 26), _week(1, 1), DateRange(D(2028, 2, 26), D(2028, 3, 3))),
        (D(2027, 1, 4), _month(1, 3), DateRange(D(2027, 1, 4), D(2027, 4, 3))),
        (D(2027, 1, 4), _month(4, 4), DateRange(D(2027, 4, 4), D(2027, 5, 3))),
        (D(2027, 1, 31), _month(1, 1), DateRange(D(2027, 1, 31), D(2027, 2, 27))),
        (D(2027, 1, 31), _month(2, 2), DateRange(D(2027, 2, 28), D(2027, 3, 30))),
        (D(2027, 1, 31), _month(3, 3), DateRange(D(2027, 3, 31), D(2027, 4, 29))),
        (D(2028, 1, 31), _month(2, 2), DateRange(D(2028, 2, 29), D(2028, 3, 30))),
        (D(2028, 2, 29), _month(1, 12), DateRange(D(2028, 2, 29), D(2029, 2, 27))),
        (D(2027, 12, 31), _month(3, 3), DateRange(D(2028, 2, 29), D(2028, 3, 30))),
        (D(2027, 12, 31), _month(12, 12), DateRange(D(2028, 11, 30), D(2028, 12, 30))),
    ],
)
def test_span_range(start: dt.date, span: Span, expected: DateRange) -> None:
    assert span_range(start, span) == expected


def test_consecutive_months_tile_the_year_without_gaps() -> None:
    for start in (D(2027, 1, 31), D(2028, 2, 29), D(2027, 12, 31), D(2027, 8, 30)):
        months = [span_range(start, _month(n, n)) for n in range(1, 13)]
        assert months[0].start == start
        assert all(b.start == a.end + dt.timedelta(days=1) for a, b in pairwise(months))
        assert months[-1] == span_range(start, _month(12, 12))
        assert span_range(start, _month(1, 12)) == DateRange(start, months[-1].end)


@pytest.mark.parametrize(
    ("start", "point", "expected"),
    [
        (D(2027, 1, 4), Point(unit="week", at=2), D(2027, 1, 17)),
        (D(2027, 1, 4), Point(unit="week", at=12), D(2027, 3, 28)),
        (D(2027, 1, 4), Point(unit="month", at=4), D(2027, 5, 3)),
        (D(2027, 1, 4), Point(unit="month", at=12), D(2028, 1, 3)),
        (D(2027, 1, 31), Point(unit="month", at=1), D(2027, 2, 27)),
        (D(2028, 1, 31), Point(unit="month", at=1), D(2028, 2, 28)),
        (D(2027, 12, 31), Point(unit="month", at=2), D(2028, 2, 28)),
        (D(2028, 2, 29), Point(unit="month", at=12), D(2029, 2, 27)),
        (D(2028, 2, 23), Point(unit="week", at=1), D(2028, 2, 29)),
    ],
)
def test_point_date_is_the_last_day_of_the_week_or_month(
    start: dt.date, point: Point, expected: dt.date
) -> None:
    assert point_date(start, point) == expected


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        (dt.datetime(2027, 1, 4, 14, 59, tzinfo=UTC), "Asia/Tokyo", D(2027, 1, 4)),
        (dt.datetime(2027, 1, 4, 15, 0, tzinfo=UTC), "Asia/Tokyo", D(2027, 1, 5)),
        (dt.datetime(2027, 1, 4, 10, 30, tzinfo=UTC), "Pacific/Kiritimati", D(2027, 1, 5)),
        (dt.datetime(2027, 1, 4, 10, 30, tzinfo=UTC), "Pacific/Pago_Pago", D(2027, 1, 3)),
        (dt.datetime(2027, 3, 14, 4, 59, tzinfo=UTC), "America/New_York", D(2027, 3, 13)),
        (dt.datetime(2027, 3, 15, 3, 59, tzinfo=UTC), "America/New_York", D(2027, 3, 14)),
        (dt.datetime(2027, 3, 15, 4, 0, tzinfo=UTC), "America/New_York", D(2027, 3, 15)),
        (dt.datetime(2027, 11, 7, 4, 30, tzinfo=UTC), "America/New_York", D(2027, 11, 7)),
        (
            dt.datetime(2027, 1, 5, 0, 30, tzinfo=ZoneInfo("Asia/Tokyo")),
            "America/New_York",
            D(2027, 1, 4),
        ),
    ],
)
def test_local_today(now: dt.datetime, zone: str, expected: dt.date) -> None:
    assert local_today(now, ZoneInfo(zone)) == expected


def test_local_today_needs_an_aware_instant() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_today(dt.datetime(2027, 1, 4, 12, 0), ZoneInfo("Asia/Tokyo"))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("day", "zone", "expected_utc", "hours_long"),
    [
        (D(2027, 1, 4), "Asia/Tokyo", dt.datetime(2027, 1, 4, 15, 0, tzinfo=UTC), 24),
        (D(2027, 1, 4), "Pacific/Kiritimati", dt.datetime(2027, 1, 4, 10, 0, tzinfo=UTC), 24),
        (D(2027, 1, 4), "Pacific/Pago_Pago", dt.datetime(2027, 1, 5, 11, 0, tzinfo=UTC), 24),
        # US clocks spring forward on 2027-03-14: that day has 23 hours, 2027-11-07 has 25.
        (D(2027, 3, 13), "America/New_York", dt.datetime(2027, 3, 14, 5, 0, tzinfo=UTC), 24),
        (D(2027, 3, 14), "America/New_York", dt.datetime(2027, 3, 15, 4, 0, tzinfo=UTC), 23),
        (D(2027, 11, 7), "America/New_York", dt.datetime(2027, 11, 8, 5, 0, tzinfo=UTC), 25),
        (D(2028, 2, 29), "Asia/Tokyo", dt.datetime(2028, 2, 29, 15, 0, tzinfo=UTC), 24),
    ],
)
def test_day_end(day: dt.date, zone: str, expected_utc: dt.datetime, hours_long: int) -> None:
    tz = ZoneInfo(zone)
    end = day_end(day, tz)
    assert end == expected_utc
    assert end.tzinfo is UTC
    assert end - day_end(day - dt.timedelta(days=1), tz) == dt.timedelta(hours=hours_long)
    # The last instant of the day is still that day locally; the end itself is the next day.
    assert local_today(end - dt.timedelta(microseconds=1), tz) == day
    assert local_today(end, tz) == day + dt.timedelta(days=1)


def _assert_tiles(window: DateRange, parts: list[DateRange], count: int) -> None:
    assert len(parts) == count
    assert parts[0].start == window.start
    assert parts[-1].end == window.end
    assert all(part.days >= 1 for part in parts)
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in pairwise(parts))


def _random_cases(count: int) -> list[tuple[int, list[int]]]:
    """Windows and hours shaped like the roadmap's: 1-6 skills of 5-30 hours in 2+ weeks."""
    rng = random.Random(20270104)
    return [
        (rng.randint(14, 120), [rng.randint(5, 30) for _ in range(rng.randint(1, 6))]) for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("days", "hours"),
    [
        (28, [20, 15, 10]),
        (28, [15, 10, 8]),
        (30, [15, 15, 20]),
        (61, [20, 30, 25]),
        (7, [1, 1, 1, 1, 1, 1, 1]),
        (3, [1, 1, 1]),
        (1, [5]),
        (10, [1, 2]),
        *_random_cases(40),
    ],
)
def test_split_by_hours_tiles_the_window(days: int, hours: list[int]) -> None:
    window = DateRange(D(2027, 1, 4), D(2027, 1, 4) + dt.timedelta(days=days - 1))
    parts = split_by_hours(window, hours)
    _assert_tiles(window, parts, len(hours))
    # Shares follow the hours: each part is within a day of its exact proportion.
    for part, h in zip(parts, hours, strict=True):
        assert abs(part.days - days * h / sum(hours)) < 2


@pytest.mark.parametrize("hours", [[100, 1, 1], [1, 1, 100], [1, 100, 1], [0, 0, 50, 0]])
def test_split_by_hours_leaves_a_day_for_every_item(hours: list[int]) -> None:
    window = DateRange(D(2027, 1, 4), D(2027, 1, 31))
    _assert_tiles(window, split_by_hours(window, hours), len(hours))


def test_a_window_shorter_than_its_items_gives_the_rest_its_last_day() -> None:
    window = DateRange(D(2027, 1, 4), D(2027, 1, 5))
    assert split_by_hours(window, [1, 1, 1]) == [
        DateRange(D(2027, 1, 4), D(2027, 1, 4)),
        DateRange(D(2027, 1, 5), D(2027, 1, 5)),
        DateRange(D(2027, 1, 5), D(2027, 1, 5)),
    ]


def test_split_by_hours_of_nothing() -> None:
    assert split_by_hours(DateRange(D(2027, 1, 4), D(2027, 1, 10)), []) == []


def test_the_roadmap_schedule_is_contiguous(tmp_path: Path) -> None:
    loaded = load(copy_fixture_repo(tmp_path))
    schedule, roadmap = loaded.schedule, loaded.roadmap
    assert schedule.start == loaded.config.start_date
    phases = [schedule.phases[p.id] for p in roadmap.phases]
    assert phases[0].start == schedule.start
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in pairwise(phases))
    assert schedule.end == phases[-1].end
    for phase in roadmap.phases:
        for period in phase.periods:
            window = schedule.periods[period.id]
            assert window.start in schedule.phases[phase.id]
            _assert_tiles(window, [schedule.skills[s.id] for s in period.skills], len(period.skills))
        for deliverable in phase.deliverables:
            due = schedule.deliverables[deliverable.id].end
            assert due == point_date(schedule.start, deliverable.due)
            assert schedule.milestone_of[deliverable.id] in {p.id for p in phase.periods}


def test_skipped_items_leave_the_schedule(tmp_path: Path) -> None:
    root = copy_fixture_repo(tmp_path)
    loaded = load(root)
    _, period, first = next(loaded.roadmap.skills())
    _, deliverable = next(loaded.roadmap.deliverables())
    config = (root / "roadmap/config.yaml").read_text(encoding="utf-8")
    (root / "roadmap/config.yaml").write_text(
        config.replace("skip: []", f"skip: [{first.id}, {deliverable.id}]"), encoding="utf-8"
    )
    schedule = load(root).schedule
    assert first.id not in schedule.skills
    assert deliverable.id not in schedule.deliverables
    rest = [schedule.skills[s.id] for s in period.skills if s.id != first.id]
    _assert_tiles(schedule.periods[period.id], rest, len(period.skills) - 1)
