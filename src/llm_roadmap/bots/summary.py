"""The weekly summary: one comment per ISO week on the dashboard issue.

`weekly_view` gathers everything the comment shows into one typed view model, which
`templates/bots/weekly.md.j2` renders; `plan_weekly` turns the rendered body into at
most one change: create the week's comment, or edit it on a re-run (never a second one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from llm_roadmap.bots import progress as prog
from llm_roadmap.bots.learning_log import MAX_COST, MAX_HOURS
from llm_roadmap.bots.markers import find_comment
from llm_roadmap.changes import upsert_comment
from llm_roadmap.ownership import bot_marker
from llm_roadmap.schedule import ONE_DAY, DateRange, add_months

if TYPE_CHECKING:
    from collections.abc import Sequence

    from llm_roadmap.bots.deliverable_status import DeliverableProgress
    from llm_roadmap.bots.learning_log import LearningLogEntry
    from llm_roadmap.bots.streak import Streak
    from llm_roadmap.changes import Change
    from llm_roadmap.model.config import Config
    from llm_roadmap.model.roadmap import Roadmap
    from llm_roadmap.model.schema import BudgetRow, Phase
    from llm_roadmap.snapshot import Comment, Issue


@dataclass(frozen=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """`2027-W03` (or `2027W03`), the ISO 8601 week notation."""
        year, _, week = text.upper().replace("-", "").partition("W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)  # raises ValueError when invalid
        return cls.of(monday)

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def dates(self) -> DateRange:
        monday = dt.date.fromisocalendar(self.year, self.week, 1)
        return DateRange(monday, monday + 6 * ONE_DAY)


def report_week(today: dt.date) -> IsoWeek:
    """The week a run reports on: the one holding yesterday.

    The Monday-morning run reports on the week that just ended; a run later in the week
    (workflow_dispatch) reports on the week so far and edits that week's comment.
    """
    return IsoWeek.of(today - ONE_DAY)


def comment_key(week: IsoWeek) -> str:
    return f"weekly:{week.key}"


@dataclass(frozen=True)
class Money:
    """This week's and this roadmap month's API spend against the phase's monthly budget."""

    week: Decimal
    month: Decimal
    month_dates: DateRange
    budget: BudgetRow

    @property
    def over_budget(self) -> bool:
        return not self.budget.monthly_usd.open_ended and self.month > self.budget.monthly_usd.max


@dataclass(frozen=True)
class LogsView:
    logs: tuple[LearningLogEntry, ...]  # this week's
    hours: Decimal  # to a tenth of an hour
    planned_hours: float | None  # the learner's weekly hours for the phase (config)
    money: Money  # to the cent
    unreadable: tuple[LearningLogEntry, ...]
    max_hours: Decimal = MAX_HOURS  # what one log may count
    max_cost: Decimal = MAX_COST


@dataclass(frozen=True)
class WeeklyView:
    week: IsoWeek
    window: DateRange  # the reported days (up to today for a week in progress)
    today: dt.date
    phases: tuple[prog.PhaseProgress, ...]
    current: prog.PhaseProgress
    current_phase: Phase
    overall: prog.Pace
    closed: tuple[prog.Task, ...]
    next_week: tuple[prog.Task, ...]
    overdue: tuple[prog.Task, ...]
    streak: Streak
    week_days: tuple[tuple[dt.date, bool], ...]
    deliverables: tuple[DeliverableProgress, ...]
    logs: LogsView
    chart: tuple[prog.ChartPoint, ...]
    next_phase: prog.PhaseProgress | None
    dashboard_url: str
    stuck: tuple[tuple[Issue, dt.date], ...] = ()  # open stuck reports, opened on (docs/bots.md)


def weekly_view(
    *,
    roadmap: Roadmap,
    config: Config,
    tasks: Sequence[prog.Task],
    phases: Sequence[prog.PhaseProgress],
    streak: Streak,
    logs: Sequence[LearningLogEntry],
    deliverables: Sequence[DeliverableProgress],
    week: IsoWeek,
    today: dt.date,
    dashboard_url: str = "",
    stuck: Sequence[Issue] = (),
) -> WeeklyView:
    """Everything the weekly comment shows for `week`, as seen on `today`."""
    window = DateRange(week.dates.start, min(week.dates.end, max(today, week.dates.start)))
    following = IsoWeek.of(week.dates.end + ONE_DAY).dates
    current = prog.current_phase(phases, window.end)
    phase = roadmap.phase(current.phase)
    index = list(phases).index(current)
    return WeeklyView(
        week=week,
        window=window,
        today=today,
        phases=tuple(phases),
        current=current,
        current_phase=phase,
        overall=prog.pace(tasks, today),
        closed=tuple(prog.closed_between(tasks, window)),
        next_week=tuple(prog.planned_in(tasks, following)),
        overdue=tuple(prog.overdue(tasks, today)),
        streak=streak,
        week_days=tuple((day, day in streak.active_days) for day in _days(week.dates)),
        deliverables=tuple(d for d in deliverables if d.task.phase == current.phase),
        logs=_logs_view(roadmap, config, logs, window, phase),
        chart=tuple(prog.chart(tasks, config.start_date, window.end)),
        next_phase=phases[index + 1] if index + 1 < len(phases) else None,
        dashboard_url=dashboard_url,
        stuck=tuple((r, r.created_at.astimezone(config.zone).date()) for r in stuck),
    )


def _days(window: DateRange) -> list[dt.date]:
    return [window.start + n * ONE_DAY for n in range(window.days)]


def roadmap_month(start: dt.date, day: dt.date) -> DateRange:
    """The roadmap month ("Month N", counted from the start date) that holds `day`."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, months) > day:
        months -= 1
    months = max(months, 0)
    return DateRange(add_months(start, months), add_months(start, months + 1) - ONE_DAY)


def _logs_view(
    roadmap: Roadmap, config: Config, logs: Sequence[LearningLogEntry], window: DateRange, phase: Phase
) -> LogsView:
    week_logs = tuple(log for log in logs if log.date in window)
    month = roadmap_month(config.start_date, window.end)
    budget = next(row for row in roadmap.guide.budget.monthly if row.phase == phase.id)
    return LogsView(
        logs=week_logs,
        hours=_quantise(_hours(week_logs), TENTH),
        planned_hours=config.weekly_hours.get(phase.id),
        money=Money(
            week=_spend(week_logs, window),
            month=_spend(logs, DateRange(month.start, window.end)),
            month_dates=month,
            budget=budget,
        ),
        unreadable=tuple(log for log in week_logs if log.problems),  # each problem said once
    )


def _hours(logs: Sequence[LearningLogEntry]) -> Decimal:
    """Hours logged, at most a day's 24 for each date however many logs name it (issue #10:
    each log is bounded, and several logs for one day must not add up past the day)."""
    by_day: dict[dt.date, Decimal] = {}
    for log in logs:
        by_day[log.date] = by_day.get(log.date, Decimal(0)) + (log.hours or Decimal(0))
    return sum((min(hours, MAX_HOURS) for hours in by_day.values()), Decimal(0))


def _spend(logs: Sequence[LearningLogEntry], window: DateRange) -> Decimal:
    return _quantise(sum((log.cost or Decimal(0) for log in logs if log.date in window), Decimal(0)), CENT)


TENTH, CENT = Decimal("0.1"), Decimal("0.01")


def _quantise(value: Decimal, step: Decimal) -> Decimal:
    """Rounded for the comment, so templates only print (issue #10: `round` on a Decimal
    of 28+ digits raised InvalidOperation; `%.2f` printed a huge one as `inf`)."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def plan_weekly(
    dashboard: int, comments: Sequence[Comment], authors: frozenset[str], week: IsoWeek, body: str
) -> list[Change]:
    """Create this week's comment, or edit the one a trusted author already wrote."""
    return upsert_comment(dashboard, find_comment(comments, comment_key(week), authors), body)


def marker(week: IsoWeek) -> str:
    return bot_marker(comment_key(week))
