"""Learning logs as GitHub renders the issue form, and as written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.bots.learning_log import LogProblem, parse_dollars, parse_hours, parse_log, parse_logs
from llm_roadmap.snapshot import Issue

TOKYO = ZoneInfo("Asia/Tokyo")
CREATED = dt.datetime(2027, 1, 12, 16, 0, tzinfo=dt.UTC)  # 01:00 on the 13th in Tokyo

# What GitHub writes for the learning-log form (.github/ISSUE_TEMPLATE/learning-log.yml).
FORM_BODY = """### 日付 / Date

2027/01/12

### 学習時間（時間） / Hours studied

1.5

### API費用（ドル） / API cost (USD)

$0.42

### 今日学んだこと / What I learned today

- ### is a heading in Markdown

### 実装したこと / What I implemented

_No response_

### つまずいた点と解決法 / Where I got stuck and how I solved it

_No response_

### 明日の目標 / Goals for tomorrow

- streaming
"""


def log_issue(body: str, number: int = 7, labels: tuple[str, ...] = ("learning-log",)) -> Issue:
    return Issue(number, "📝", body, "open", labels=labels, created_at=CREATED)


def test_a_form_body() -> None:
    log = parse_log(log_issue(FORM_BODY), TOKYO)
    assert (log.date, log.hours, log.cost, log.problems) == (
        dt.date(2027, 1, 12),
        Decimal("1.5"),
        Decimal("0.42"),
        (),
    )


def test_empty_optional_fields_and_the_fallback_date() -> None:
    body = FORM_BODY.replace("2027/01/12", "_No response_").replace("$0.42", "_No response_")
    log = parse_log(log_issue(body), TOKYO)
    assert (log.date, log.cost, log.problems) == (dt.date(2027, 1, 13), None, ())


def test_the_sources_hand_written_template() -> None:
    body = "## 日付: 2027/1/9\n### 今日学んだこと\n- uv\n"
    log = parse_log(log_issue(body), TOKYO)
    assert (log.date, log.hours, log.cost) == (dt.date(2027, 1, 9), None, None)


def test_what_cannot_be_read_is_reported() -> None:
    body = FORM_BODY.replace("2027/01/12", "yesterday").replace("1.5", "a while").replace("$0.42", "¥60")
    log = parse_log(log_issue(body), TOKYO)
    assert log.problems == (
        LogProblem("date", "yesterday"),
        LogProblem("hours", "a while"),
        LogProblem("cost", "¥60"),
    )
    assert log.date == dt.date(2027, 1, 13)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1.5", "1.5"),
        ("2h", "2"),
        ("1.5時間", "1.5"),
        ("90分", "1.5"),
        ("45 min", "0.75"),
        ("1:30", "1.5"),
        ("1,5", "1.5"),
        ("two", None),
        ("3 days", None),
    ],
)
def test_hours(text: str, hours: str | None) -> None:
    assert parse_hours(text) == (Decimal(hours) if hours else None)


@pytest.mark.parametrize(
    ("text", "dollars"),
    [
        ("0.25", "0.25"),
        ("$1.20", "1.20"),
        ("0.5 USD", "0.5"),
        ("3ドル", "3"),
        ("1,200", "1200"),
        ("€3", None),
    ],
)
def test_dollars(text: str, dollars: str | None) -> None:
    assert parse_dollars(text) == (Decimal(dollars) if dollars else None)


def test_only_labelled_issues_are_logs_oldest_first() -> None:
    issues = [
        log_issue(FORM_BODY, 8),
        log_issue(FORM_BODY.replace("2027/01/12", "2027/01/10"), 9, labels=("Learning-Log",)),
        log_issue(FORM_BODY, 10, labels=("stuck",)),
    ]
    assert [log.number for log in parse_logs(issues, TOKYO)] == [9, 8]


@pytest.mark.parametrize(
    ("hours", "cost", "problems"),
    [
        pytest.param("24", "$1000", (), id="the-limits-count"),
        pytest.param("0", "$0", (LogProblem("hours", "0", "out-of-range"),), id="zero-hours"),
        pytest.param("25", "0", (LogProblem("hours", "25", "out-of-range"),), id="a-day-holds-24"),
        pytest.param("1500分", "0", (LogProblem("hours", "1500分", "out-of-range"),), id="minutes"),
        pytest.param(
            "9999999999999999999999999999",
            "0",
            (LogProblem("hours", "9999999999999999999999999999", "out-of-range"),),
            id="28-digits",
        ),
        pytest.param("1", "$1000.01", (LogProblem("cost", "$1000.01", "out-of-range"),), id="cost"),
        pytest.param(
            "1", "9" * 5000, (LogProblem("cost", "9" * 39 + "…", "out-of-range"),), id="5000-digits-echo-40"
        ),
    ],
)
def test_out_of_range_counts_nothing(hours: str, cost: str, problems: tuple[LogProblem, ...]) -> None:
    """Issue #10: anyone may open a log; one of them must not stop or skew the summary."""
    body = FORM_BODY.replace("\n1.5\n", f"\n{hours}\n").replace("$0.42", cost)
    log = parse_log(log_issue(body), TOKYO)
    assert log.problems == problems
    bad = {p.field for p in problems}
    assert (log.hours is None, log.cost is None) == ("hours" in bad, "cost" in bad)
