"""One learner's row of the cohort table, from what GitHub reported (pure; `today` given).

What counts, and why it is safe to count in a public repository:

* **tasks** are the issues in the roadmap's milestones. Only people with triage access
  can set an issue's milestone, so a stranger's issue never counts (issue forms can add
  labels for anyone, which is why labels alone are not trusted);
* **plan**: the share of tasks whose milestone is already due; **overdue**: open tasks in
  a milestone past its due date; **phase**: the phase of the earliest milestone not done;
* **streak** and **days since last activity**: the learner's own commits on the default
  branch, as the daily bot counts them (`bots.streak`), in the mentor's time zone;
* **deliverables passed**: deliverable issues opened by the learner whose every check
  item (`<!-- roadmap-check-item:… -->`) is ticked by `roadmap check --publish`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.bots.streak import compute_streak
from llm_roadmap.ownership import check_items, find_key, is_ours, trusted_authors
from llm_roadmap.schedule import local_today

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from llm_roadmap.snapshot import Commit

Status = Literal["ok", "unreadable", "not-bootstrapped"]
_PHASE = re.compile(r"^Phase (\d+)\b")
# How far back the streak looks (the query reads at most this many days of commits).
HISTORY_DAYS = 100


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_on: dt.date | None
    total: int
    closed: int


@dataclass(frozen=True)
class DeliverableFacts:
    body: str
    author: str | None


@dataclass(frozen=True)
class RepoFacts:
    """What one batched query read about one repository (None fields: not readable)."""

    repo: str
    learner: str
    url: str
    private: bool
    milestones: tuple[MilestoneFacts, ...]
    deliverables: tuple[DeliverableFacts, ...]
    commits: tuple[Commit, ...]
    history_complete: bool  # False: more commits exist in the window than were read


@dataclass(frozen=True)
class LearnerRow:
    """One line of the cohort table."""

    repo: str
    url: str
    private: bool
    status: Status
    phase: int | None = None
    done_pct: int = 0
    plan_pct: int = 0
    streak: int = 0
    streak_capped: bool = False
    days_idle: int | None = None
    overdue: int = 0
    deliverables_passed: int = 0
    deliverables_total: int = 0

    @property
    def behind(self) -> int:
        """Percentage points behind plan (negative: ahead)."""
        return self.plan_pct - self.done_pct


def unreadable(repo: str, url: str) -> LearnerRow:
    return LearnerRow(repo, url, private=True, status="unreadable")


def learner_row(facts: RepoFacts, now: dt.datetime, zone: ZoneInfo) -> LearnerRow:
    """The row for `facts` at the instant `now`."""
    today = local_today(now, zone)
    phased = [m for m in facts.milestones if _PHASE.match(m.title)]
    if not phased:
        return LearnerRow(facts.repo, facts.url, facts.private, "not-bootstrapped")
    total = sum(m.total for m in phased) or 1
    due = [m for m in phased if m.due_on is not None and m.due_on < today]
    streak = compute_streak(
        facts.commits, zone, now, start=today - dt.timedelta(days=HISTORY_DAYS), learner=facts.learner
    )
    passed, listed = _deliverables(facts)
    return LearnerRow(
        facts.repo,
        facts.url,
        facts.private,
        "ok",
        phase=_phase(phased),
        done_pct=round(100 * sum(m.closed for m in phased) / total),
        plan_pct=round(100 * sum(m.total for m in due) / total),
        streak=streak.current,
        streak_capped=_capped(facts, streak.current, today, zone),
        days_idle=(today - streak.last_active).days if streak.last_active else None,
        overdue=sum(m.total - m.closed for m in due),
        deliverables_passed=passed,
        deliverables_total=listed,
    )


def _phase(milestones: list[MilestoneFacts]) -> int:
    """The phase of the earliest milestone with open tasks (the last one when all are done)."""
    ordered = sorted(milestones, key=lambda m: (m.due_on or dt.date.max, m.title))
    current = next((m for m in ordered if m.closed < m.total), ordered[-1])
    match = _PHASE.match(current.title)
    assert match is not None  # filtered by the caller
    return int(match.group(1))


def _capped(facts: RepoFacts, current: int, today: dt.date, zone: ZoneInfo) -> bool:
    """The streak may be longer than shown: it reaches back to the oldest commit read."""
    if not facts.commits:
        return False
    oldest = min(c.authored_at for c in facts.commits).astimezone(zone).date()
    reaches = current > 0 and (today - oldest).days < current + 1
    return reaches and (not facts.history_complete or current >= HISTORY_DAYS)


def _deliverables(facts: RepoFacts) -> tuple[int, int]:
    """(passed, listed) among the learner's own deliverable issues carrying our key."""
    passed = listed = 0
    # The learner's repository, read by someone else: its forms are unknown, so a label is
    # no evidence (`ownership.is_ours` with label=False).
    authors = trusted_authors(facts.learner, label=False)
    for issue in facts.deliverables:
        if not is_ours(marked=find_key(issue.body) is not None, author=issue.author, authors=authors):
            continue
        listed += 1
        items = check_items(issue.body)
        passed += bool(items) and all(items.values())
    return passed, listed
