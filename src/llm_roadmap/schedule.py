"""When each part of the year happens: pure date arithmetic from the start date.

Weeks count from the start date: week 1 is the start date and the six days after
it. "Month N" is the Nth calendar month from the start date: month 1 runs from the
start date to the day before the same day-of-month one month later. A start on the
31st clamps to the last day of shorter months (Jan 31 → Feb 28/29 → Mar 31), always
computed from the start date itself so that the clamping never drifts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import Period, Phase, Point, Span

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class DateRange:
    """Inclusive range of calendar dates in the learner's time zone."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day-of-month `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def span_range(start: dt.date, span: Span) -> DateRange:
    """The dates covered by weeks/months `span.start`..`span.end` (1-based, inclusive)."""
    if span.unit == "week":
        return DateRange(
            start + dt.timedelta(weeks=span.start - 1),
            start + dt.timedelta(weeks=span.end) - ONE_DAY,
        )
    return DateRange(add_months(start, span.start - 1), add_months(start, span.end) - ONE_DAY)


def point_date(start: dt.date, point: Point) -> dt.date:
    """The last day of week or month `point.at`: when a deliverable is due."""
    if point.unit == "week":
        return start + dt.timedelta(weeks=point.at) - ONE_DAY
    return add_months(start, point.at) - ONE_DAY


def local_today(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The learner's calendar date at the instant `now` (which must be aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone).date()


def day_end(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The instant the learner's day `day` ends, in UTC: midnight after it, local time."""
    return dt.datetime.combine(day + ONE_DAY, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def split_by_hours(window: DateRange, hours: list[int]) -> list[DateRange]:
    """Share `window` among consecutive items in proportion to their study hours.

    The source lists each period's skills in the order to learn them (重要スキル習得順序),
    so they are laid end to end; every item gets at least one day while the window has a
    day for each (a shorter window gives the items left over its last day).
    """
    total = sum(hours)
    if total == 0 or not hours:
        return [window for _ in hours]
    count, days = len(hours), window.days
    ranges = []
    done = previous = 0  # hours so far; days given out so far
    for index, h in enumerate(hours):
        done += h
        left_after = count - 1 - index  # items that still need a day each
        share = days if left_after == 0 else round(days * done / total)
        offset = max(min(share, days - left_after), previous + 1)
        begin = window.start + dt.timedelta(days=min(previous, days - 1))
        end = window.start + dt.timedelta(days=min(offset, days) - 1)
        ranges.append(DateRange(begin, end))
        previous = offset
    return ranges


@dataclass(frozen=True)
class Schedule:
    """Planned dates for every phase, period, skill and deliverable, keyed by id."""

    start: dt.date
    phases: dict[str, DateRange] = field(default_factory=dict)
    periods: dict[str, DateRange] = field(default_factory=dict)
    skills: dict[str, DateRange] = field(default_factory=dict)
    deliverables: dict[str, DateRange] = field(default_factory=dict)
    milestone_of: dict[str, str] = field(default_factory=dict)

    @property
    def end(self) -> dt.date:
        return max(r.end for r in self.phases.values())

    def dates(self, item_id: str) -> DateRange:
        for table in (self.skills, self.deliverables, self.periods, self.phases):
            if item_id in table:
                return table[item_id]
        raise KeyError(item_id)


def build_schedule(roadmap: Roadmap, config: Config) -> Schedule:
    """Lay the roadmap on the calendar from `config.start_date`, leaving out skipped ids."""
    schedule = Schedule(start=config.start_date)
    skipped = set(config.skip)
    for phase in roadmap.phases:
        schedule.phases[phase.id] = span_range(config.start_date, phase.span)
        for period in phase.periods:
            _schedule_period(schedule, period, skipped)
        _schedule_deliverables(schedule, phase, skipped)
    return schedule


def _schedule_period(schedule: Schedule, period: Period, skipped: set[str]) -> None:
    window = span_range(schedule.start, period.span)
    schedule.periods[period.id] = window
    skills = [s for s in period.skills if s.id not in skipped]
    for skill, dates in zip(skills, split_by_hours(window, [s.hours for s in skills]), strict=True):
        schedule.skills[skill.id] = dates
        schedule.milestone_of[skill.id] = period.id


def _schedule_deliverables(schedule: Schedule, phase: Phase, skipped: set[str]) -> None:
    begin = schedule.phases[phase.id].start
    for deliverable in sorted(phase.deliverables, key=lambda d: point_date(schedule.start, d.due)):
        due = point_date(schedule.start, deliverable.due)
        if deliverable.id not in skipped:
            schedule.deliverables[deliverable.id] = DateRange(min(begin, due), due)
            schedule.milestone_of[deliverable.id] = _period_containing(schedule, phase, due)
        begin = due + ONE_DAY


def _period_containing(schedule: Schedule, phase: Phase, day: dt.date) -> str:
    """The period whose dates hold `day`, else the last period that ends before it."""
    windows = [(schedule.periods[p.id], p.id) for p in phase.periods]
    for window, period_id in windows:
        if day in window:
            return period_id
    before = [period_id for window, period_id in windows if window.end <= day]
    return before[-1] if before else windows[0][1]
