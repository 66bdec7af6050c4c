"""Read learning logs (学習ログテンプレート) written with the issue form.

GitHub turns an issue form into Markdown: one `### <label>` heading per field, then the
answer, or `_No response_` for an empty optional field (docs: "Syntax for issue forms").
The form's labels are bilingual ("学習時間（時間） / Hours studied"), so a field is found
by any of its words, and a log written by hand from the source's template
(`## 日付: YYYY/MM/DD`) is read too. What cannot be read is reported, never guessed.

Anyone who may open an issue can write a log, so what is read is bounded (issue #10): a
log counts more than 0 and at most 24 hours and at most $1,000 of API spend; anything
else is reported as out of range and counts nothing, and the text echoed back is short.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from zoneinfo import ZoneInfo

    from llm_roadmap.snapshot import Issue

LABEL = "learning-log"
NO_RESPONSE = "_No response_"

# Words that identify each form field in its heading (lower case); see learning-log.yml.
FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("日付", "date"),
    "hours": ("学習時間", "hours"),
    "cost": ("api費用", "api cost"),
}

# One line per heading, trimmed in code: a lazy group before `\s*$` backtracks for seconds
# on a long run of spaces, and anyone may open a learning log (benchmarks/bench_stuck.py).
_HEADING = re.compile(r"^#{2,6}[ \t]+(.*)$", re.MULTILINE)
_INLINE_DATE = re.compile(r"(?:日付|date)\s*[:：]\s*(\d{4}[/-]\d{1,2}[/-]\d{1,2})", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")
_HOURS_MINUTES = re.compile(r"^(\d+):([0-5]\d)$")
_NUMBER_UNIT = re.compile(r"^\$?\s*(\d+(?:\.\d+)?)\s*([a-zA-Z時間分ドル$]*)\.?$")
_MINUTE_UNITS = {"分", "m", "min", "mins", "minute", "minutes"}
_HOUR_UNITS = {"", "h", "hr", "hrs", "hour", "hours", "時間"}
_DOLLAR_UNITS = {"", "usd", "ドル", "$"}

# One day cannot hold more than 24 hours of study; a learner's API spend for one day
# above $1,000 is a typo or a prank (the source's monthly budgets are $5-100).
MAX_HOURS = Decimal(24)
MAX_COST = Decimal(1000)
MAX_ECHO = 40  # characters of a problem's text shown back in the summary

Reason = Literal["unreadable", "out-of-range"]


@dataclass(frozen=True)
class LogProblem:
    """A field that counts nothing: its text (shortened) and why."""

    field: str  # "date" | "hours" | "cost"
    text: str
    reason: Reason = "unreadable"


@dataclass(frozen=True)
class LearningLogEntry:
    number: int
    url: str
    date: dt.date
    hours: Decimal | None
    cost: Decimal | None
    problems: tuple[LogProblem, ...] = ()


def sections(body: str) -> dict[str, str]:
    """Field answers by field name ("date", "hours", "cost"), from `###` headings."""
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        answer = body[match.end() : end].strip()
        name = _field_of(match.group(1).strip())
        if name is not None and name not in found:
            found[name] = "" if answer == NO_RESPONSE else answer
    return found


def _field_of(heading: str) -> str | None:
    text = heading.casefold()
    for name, words in FIELDS.items():
        if any(word in text for word in words):
            return name
    return None


def parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_hours(text: str) -> Decimal | None:
    """Hours from "1.5", "1.5h", "1.5時間", "90分", "90 min" or "1:30"."""
    value = text.strip().replace(",", ".").replace(" ", "")
    clock = _HOURS_MINUTES.match(value)
    if clock:
        return Decimal(clock[1]) + Decimal(clock[2]) / 60
    match = _NUMBER_UNIT.match(value)
    if match is None:
        return None
    unit = match[2].lower()
    if unit in _MINUTE_UNITS:
        return Decimal(match[1]) / 60
    return Decimal(match[1]) if unit in _HOUR_UNITS else None


def parse_dollars(text: str) -> Decimal | None:
    """US dollars from "$0.42", "0.42", "0.42 USD" or "0.42ドル"."""
    value = text.strip().replace(",", "").replace(" ", "")
    match = _NUMBER_UNIT.match(value)
    if match is None or match[2].lower() not in _DOLLAR_UNITS:
        return None
    try:
        return Decimal(match[1])
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None


def parse_log(issue: Issue, zone: ZoneInfo) -> LearningLogEntry:
    """One learning log; the date falls back to the day the issue was opened."""
    fields = sections(issue.body)
    problems: list[LogProblem] = []
    date_text = fields.get("date") or _inline_date(issue.body)
    date = parse_date(date_text) if date_text else None
    if date_text and date is None:
        problems.append(LogProblem("date", _short(date_text)))
    hours = _number(fields.get("hours", ""), parse_hours, "hours", problems)
    if hours is not None and not Decimal(0) < hours <= MAX_HOURS:
        hours = _out_of_range("hours", fields["hours"], problems)
    cost = _number(fields.get("cost", ""), parse_dollars, "cost", problems)
    if cost is not None and cost > MAX_COST:
        cost = _out_of_range("cost", fields["cost"], problems)
    return LearningLogEntry(
        number=issue.number,
        url=issue.url,
        date=date or issue.created_at.astimezone(zone).date(),
        hours=hours,
        cost=cost,
        problems=tuple(problems),
    )


def _inline_date(body: str) -> str:
    match = _INLINE_DATE.search(body)
    return match[1] if match else ""


def _number(
    text: str, parse: Callable[[str], Decimal | None], name: str, problems: list[LogProblem]
) -> Decimal | None:
    if not text:
        return None
    value = parse(text)
    if value is None:
        problems.append(LogProblem(name, _short(text)))
    return value


def _out_of_range(name: str, text: str, problems: list[LogProblem]) -> Decimal | None:
    """Report a value outside the bounds; it counts as no value."""
    problems.append(LogProblem(name, _short(text), "out-of-range"))
    return None


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_ECHO else line[: MAX_ECHO - 1] + "…"


def parse_logs(issues: Iterable[Issue], zone: ZoneInfo) -> list[LearningLogEntry]:
    """Every issue labelled `learning-log`, oldest date first."""
    logs = [parse_log(i, zone) for i in issues if LABEL in (name.casefold() for name in i.labels)]
    return sorted(logs, key=lambda log: (log.date, log.number))
