"""The weekly summary: its week, its numbers, and the rendered comment (golden files)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap import ownership
from llm_roadmap.bots import progress, summary
from llm_roadmap.bots.deliverable_status import statuses
from llm_roadmap.bots.learning_log import LearningLogEntry, LogProblem
from llm_roadmap.bots.limits import MAX_BODY, MAX_LIST
from llm_roadmap.bots.streak import compute_streak
from llm_roadmap.bots.stuck import open_reports
from llm_roadmap.changes import CreateComment, UpdateComment
from llm_roadmap.ownership import trusted_authors
from llm_roadmap.render import Renderer
from llm_roadmap.schedule import DateRange
from llm_roadmap.snapshot import Comment, Commit, Issue, Issues

if TYPE_CHECKING:
    from collections.abc import Callable

    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.workspace import Workspace

TOKYO = ZoneInfo("Asia/Tokyo")
D = dt.date
NOW = dt.datetime(2027, 1, 25, 7, 0, tzinfo=TOKYO)  # Monday morning of 2027-W04


def test_iso_weeks() -> None:
    assert summary.IsoWeek.parse("2027-W03").key == "2027-W03"
    assert summary.IsoWeek.parse("2027w3").dates == DateRange(D(2027, 1, 18), D(2027, 1, 24))
    assert summary.IsoWeek.parse("2026-W53").dates.end == D(2027, 1, 3)  # 2026 has 53 ISO weeks
    with pytest.raises(ValueError, match="week"):
        summary.IsoWeek.parse("2027-W54")
    assert summary.report_week(D(2027, 1, 25)).key == "2027-W03"  # Monday: the week that ended
    assert summary.report_week(D(2027, 1, 27)).key == "2027-W04"  # mid-week: the week so far
    assert summary.report_week(D(2027, 1, 4)).key == "2026-W53"


def test_roadmap_months_count_from_the_start_date() -> None:
    start = D(2027, 1, 31)
    assert summary.roadmap_month(start, D(2027, 2, 27)) == DateRange(D(2027, 1, 31), D(2027, 2, 27))
    assert summary.roadmap_month(start, D(2027, 2, 28)) == DateRange(D(2027, 2, 28), D(2027, 3, 30))
    assert summary.roadmap_month(start, D(2027, 1, 2)).start == start


def test_one_comment_per_week_found_by_marker_and_author() -> None:
    week = summary.IsoWeek.parse("2027-W03")
    body = summary.marker(week) + "\nnew"
    authors = frozenset({"github-actions[bot]"})
    assert summary.plan_weekly(1, [], authors, week, body) == [CreateComment(1, body)]
    ours = Comment(5, summary.marker(week) + "\nold", "github-actions[bot]")
    theirs = Comment(6, summary.marker(week) + "\nold", "someone")
    assert summary.plan_weekly(1, [theirs, ours], authors, week, body) == [UpdateComment(1, 5, body)]
    assert summary.plan_weekly(1, [Comment(5, body, "github-actions[bot]")], authors, week, body) == []
    assert summary.plan_weekly(1, [theirs], authors, week, body) == [CreateComment(1, body)]


def _issue(
    number: int, key: str, closed: dt.datetime | None = None, body: str = "x", **extra: object
) -> Issue:
    return Issue(
        number,
        key,
        ownership.wrap(key, body),
        "closed" if closed else "open",
        closed_at=closed,
        url=f"https://github.com/octocat/llm-year/issues/{number}",
        **{"author": "octocat", **extra},
    )  # type: ignore[arg-type]


def scenario(workspace: Workspace, desired: Desired, week: str = "2027-W03") -> summary.WeeklyView:
    """Three weeks in: two skills closed (one this week), a deliverable submitted with 2 of its
    automatic checks passed, two logs."""
    keys = [i.key for i in desired.issues]
    issues = [_issue(n + 1, key) for n, key in enumerate(keys)]
    by_key = {i.key: i for i in issues}
    by_key["p1.w1-4.python-basics"] = _issue(
        3, "p1.w1-4.python-basics", dt.datetime(2027, 1, 14, 12, tzinfo=TOKYO)
    )
    by_key["p1.d01.simple-chat"] = _issue(
        12, "p1.d01.simple-chat", dt.datetime(2027, 1, 20, 22, tzinfo=TOKYO)
    )
    bot = desired.issue("p1.d02.prompt-optimized-bot").body
    ticked = re.sub(r"- \[ \](?=.*roadmap-check-item)", "- [x]", bot, count=2)
    by_key["p1.d02.prompt-optimized-bot"] = _issue(13, "p1.d02.prompt-optimized-bot", body=ticked)
    submission = Issue(
        50,
        "🎯",
        "### 成果物 / Deliverable\n\np1.d02.prompt-optimized-bot: プロンプト…",
        "open",
        labels=("submission",),
    )
    stuck_report = Issue(
        51,
        "🚦 つまずいた / Stuck: RateLimitError",
        "### 状況 / What is happening\n\n...",
        "open",
        labels=("stuck",),
        created_at=dt.datetime(2027, 1, 21, 23, tzinfo=dt.UTC),  # the 22nd in Tokyo
        author="octocat",
        association="OWNER",
    )
    snapshot = Issues.of([*by_key.values(), submission, stuck_report], authors=trusted_authors("octocat"))
    tasks = progress.tasks_of(desired, snapshot, TOKYO)
    commits = [
        Commit(f"c{d}", dt.datetime(2027, 1, d, 20, tzinfo=TOKYO), "octocat")
        for d in (14, 18, 19, 20, 22, 23, 24)
    ]
    streak = compute_streak(commits, TOKYO, NOW, start=D(2027, 1, 4), learner="octocat")
    logs = [
        LearningLogEntry(60, "", D(2027, 1, 19), Decimal("1.5"), Decimal("0.30")),
        LearningLogEntry(61, "", D(2027, 1, 22), Decimal("2"), Decimal("18.00")),
        LearningLogEntry(62, "", D(2027, 1, 23), None, None, (LogProblem("hours", "a while"),)),
    ]
    present = frozenset({"projects/p1-d01-simple-chat/simple_chat.py"})
    return summary.weekly_view(
        roadmap=workspace.roadmap,
        config=workspace.config,
        tasks=tasks,
        phases=progress.phase_progress(workspace.roadmap, desired, tasks, NOW.date()),
        streak=streak,
        logs=logs,
        deliverables=statuses(workspace.roadmap, tasks, present, snapshot),
        week=summary.IsoWeek.parse(week),
        today=NOW.date(),
        dashboard_url="https://github.com/octocat/llm-year/issues/1",
        stuck=open_reports(snapshot.all, "octocat"),
    )


def render(workspace: Workspace, view: summary.WeeklyView, language: str) -> str:
    renderer = Renderer(workspace.renderer.templates_dir, language)  # type: ignore[arg-type]
    return renderer.render(
        "bots/weekly.md.j2",
        view=view,
        marker=summary.marker(view.week),
        guide=workspace.roadmap.guide,
        max_list=MAX_LIST,
    )


def test_the_view_holds_the_weeks_numbers(workspace: Workspace, desired: Desired) -> None:
    view = scenario(workspace, desired)
    assert [t.key for t in view.closed] == ["p1.d01.simple-chat"]
    assert (view.streak.current, sum(active for _, active in view.week_days)) == (3, 6)
    assert view.logs.hours == Decimal("3.5")
    assert (view.logs.money.week, view.logs.money.month, view.logs.money.over_budget) == (
        Decimal("18.30"),
        Decimal("18.30"),
        False,
    )
    assert [d.status for d in view.deliverables[:3]] == ["accepted", "submitted", "not-started"]
    assert view.overall.on_track  # two closed; the third task by due date is due today (the 25th)
    assert view.overdue == ()
    assert view.next_week
    assert all(t.overlaps(DateRange(D(2027, 1, 25), D(2027, 1, 31))) for t in view.next_week)


def test_a_day_counts_at_most_24_hours_however_many_logs_name_it() -> None:
    """Issue #10: each log is bounded at 24 h; three full logs for one day are still one day."""
    logs = [LearningLogEntry(n, "", D(2027, 1, 19), Decimal(24), None) for n in (70, 71, 72)]
    logs.append(LearningLogEntry(73, "", D(2027, 1, 20), Decimal("2.5"), None))
    assert summary._hours(logs) == Decimal("26.5")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_weekly_comment_golden(
    workspace: Workspace, desired: Desired, golden: Callable[[str, str], None], language: str
) -> None:
    body = render(workspace, scenario(workspace, desired), language)
    assert body.startswith("<!-- roadmap:bot:weekly:2027-W03 -->\n")
    assert len(body) < MAX_BODY
    golden(f"bots/weekly.{language}.md", body)


def test_a_week_in_progress_says_so(workspace: Workspace, desired: Desired) -> None:
    body = render(workspace, scenario(workspace, desired, week="2027-W04"), "en")
    assert "The week is not over yet" in body
    assert "(2027-01-25 → 2027-01-25)" in body


def test_a_long_year_stays_under_githubs_limit(workspace: Workspace, desired: Desired) -> None:
    view = scenario(workspace, desired)
    many = tuple(view.next_week[0] for _ in range(5000))
    huge = summary.WeeklyView(**{**view.__dict__, "overdue": many, "closed": many, "next_week": many})
    body = render(workspace, huge, "ja")
    assert len(body) < MAX_BODY
    assert f"他 {5000 - MAX_LIST} 件" in body
