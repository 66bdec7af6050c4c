"""Progress against the plan: pace by due date, this week's and next week's tasks, overdue."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap import ownership
from llm_roadmap.bots import progress
from llm_roadmap.bots.progress import Task
from llm_roadmap.ownership import trusted_authors
from llm_roadmap.schedule import DateRange
from llm_roadmap.snapshot import Issue, Issues

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.workspace import Workspace

TOKYO = ZoneInfo("Asia/Tokyo")
D = dt.date


def task(key: str, due: dt.date, closed: dt.date | None = None, start: dt.date | None = None) -> Task:
    return Task(key, "skill", "p1", key, start or due - dt.timedelta(days=5), due, 10, closed_on=closed)


TASKS = [task("a", D(2027, 1, 10)), task("b", D(2027, 1, 20)), task("c", D(2027, 1, 30))]


def closing(*done: str) -> list[Task]:
    return [task(t.key, t.due, D(2027, 1, 5) if t.key in done else None) for t in TASKS]


@pytest.mark.parametrize(
    ("done", "today", "days"),
    [
        ((), D(2027, 1, 10), 0),  # a task due today is not late yet
        ((), D(2027, 1, 11), 1),
        (("a",), D(2027, 1, 25), 5),  # b was due on the 20th
        (("c",), D(2027, 1, 25), 5),  # any one task closed counts, in any order
        (("a", "b"), D(2027, 1, 15), -5),  # two done; the second was only due on the 20th
        (("a", "b", "c"), D(2027, 2, 10), 0),
    ],
)
def test_pace_is_earned_schedule_by_due_date(done: tuple[str, ...], today: dt.date, days: int) -> None:
    pace = progress.pace(closing(*done), today)
    assert pace.days == days
    assert pace.on_track is (days <= 0)


def test_overdue_planned_and_closed_windows() -> None:
    tasks = closing("a")
    assert [t.key for t in progress.overdue(tasks, D(2027, 1, 21))] == ["b"]
    week = DateRange(D(2027, 1, 18), D(2027, 1, 24))
    assert [t.key for t in progress.planned_in(tasks, week)] == ["b"]
    assert [t.key for t in progress.closed_between(tasks, DateRange(D(2027, 1, 4), D(2027, 1, 10)))] == ["a"]


def test_chart_counts_planned_and_closed_per_week() -> None:
    points = progress.chart(closing("a"), D(2027, 1, 4), D(2027, 1, 20))
    assert [(p.label, p.planned, p.actual) for p in points] == [("W1", 1, 1), ("W2", 1, 1), ("W3", 2, 1)]
    assert len(progress.chart(closing(), D(2027, 1, 4), D(2028, 1, 3), max_points=26)) == 26


def _issue(number: int, key: str, closed: str | None = None) -> Issue:
    closed_at = dt.datetime.fromisoformat(closed) if closed else None
    return Issue(
        number,
        key,
        ownership.wrap(key, "x"),
        "closed" if closed else "open",
        closed_at=closed_at,
        author="octocat",
    )


def test_tasks_join_the_plan_with_github_by_key(desired: Desired, workspace: Workspace) -> None:
    issues = Issues.of(
        [
            _issue(3, "p1.w1-4.python-basics", "2027-01-10T15:30:00+00:00"),  # 00:30 on the 11th in Tokyo
            _issue(4, "p1.w1-4.llm-api-basics"),
            _issue(9, "p1.w1-4.python-basics"),  # a duplicate: the oldest issue wins
        ],
        authors=trusted_authors("octocat"),
    )
    tasks = progress.tasks_of(desired, issues, TOKYO)
    by_key = {t.key: t for t in tasks}
    assert by_key["p1.w1-4.python-basics"].closed_on == D(2027, 1, 11)
    assert by_key["p1.w1-4.python-basics"].number == 3
    assert by_key["p1.w1-4.llm-api-basics"].closed_on is None
    assert by_key["p1.d01.simple-chat"].number is None  # not on GitHub yet
    assert {t.kind for t in tasks} == {"skill", "deliverable"}
    phases = progress.phase_progress(workspace.roadmap, desired, tasks, D(2027, 1, 18))
    p1 = phases[0]
    assert (p1.phase, p1.closed, p1.total, p1.hours_done, p1.hours_planned) == ("p1", 1, 15, 20, 118)
    assert p1.pace.behind == 1  # the CLI chatbot was due on the 17th
    assert progress.current_phase(phases, D(2026, 12, 1)) is p1
    assert progress.current_phase(phases, D(2030, 1, 1)) is phases[-1]
