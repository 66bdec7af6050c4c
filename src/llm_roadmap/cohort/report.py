"""The cohort report's view model: rows in a fixed order, what is shown where, the chart.

Who may see whose progress: a Markdown table in the mentor's issue and an HTML page for
GitHub Pages. A Pages site is public (even from a private repository on most plans), so
the page shows only learners whose repositories are public, unless the mentor passes
`--include-private` after the learners agreed; the issue does the same when the mentor's
repository is public.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.cohort.progress import LearnerRow
    from llm_roadmap.cohort.query import Spend

# The chart's geometry (SVG user units).
LABEL_WIDTH = 260
BAR_WIDTH = 400
ROW_HEIGHT = 24
TOP = 30


@dataclass(frozen=True)
class Bar:
    """One learner in the chart: a bar for done, a tick for plan."""

    label: str
    y: int
    done_width: int
    plan_x: int
    status: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    row_height: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class CohortView:
    """What the templates show."""

    rows: tuple[LearnerRow, ...]
    generated: str  # when the data was read, in the mentor's time zone
    spend: Spend
    hidden_private: int  # learners left out because their repository is private
    omitted: int  # rows cut so the issue body fits GitHub's limit
    chart: Chart

    @property
    def readable(self) -> int:
        return sum(1 for r in self.rows if r.status != "unreadable")


def order(rows: Iterable[LearnerRow]) -> list[LearnerRow]:
    """Who needs attention first: unreadable, then furthest behind plan, longest idle; then by name."""
    rank = {"unreadable": 0, "not-bootstrapped": 1, "ok": 2}
    return sorted(
        rows,
        key=lambda r: (
            rank[r.status],
            -r.behind,
            -(r.days_idle if r.days_idle is not None else 10**6),
            r.repo,
        ),
    )


def shown(rows: Iterable[LearnerRow], include_private: bool) -> tuple[list[LearnerRow], int]:
    """(rows to show, how many private ones were left out)."""
    rows = list(rows)
    kept = [r for r in rows if include_private or not r.private]
    return kept, len(rows) - len(kept)


def chart(rows: Iterable[LearnerRow]) -> Chart:
    bars = tuple(
        Bar(
            label=row.repo,
            y=TOP + index * ROW_HEIGHT,
            done_width=round(BAR_WIDTH * row.done_pct / 100),
            plan_x=LABEL_WIDTH + round(BAR_WIDTH * row.plan_pct / 100),
            status=row.status,
        )
        for index, row in enumerate(rows)
    )
    height = TOP + len(bars) * ROW_HEIGHT + 10
    return Chart(LABEL_WIDTH + BAR_WIDTH + 20, height, LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, bars)


def view(
    rows: Iterable[LearnerRow],
    *,
    generated: str,
    spend: Spend,
    include_private: bool,
    limit: int | None = None,
) -> CohortView:
    """The view of `rows`: ordered, private ones hidden unless included, at most `limit`."""
    kept, hidden = shown(order(rows), include_private)
    omitted = 0 if limit is None else max(0, len(kept) - limit)
    kept = kept if limit is None else kept[:limit]
    return CohortView(tuple(kept), generated, spend, hidden, omitted, chart(kept))
