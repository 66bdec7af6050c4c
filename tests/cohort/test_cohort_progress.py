"""One learner's row from what GitHub reported (pure, table-driven)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap.cohort.progress import DeliverableFacts, MilestoneFacts, RepoFacts, learner_row
from llm_roadmap.snapshot import Commit
from testing.cohort import deliverable_body

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=TOKYO)


def _facts(**changes: object) -> RepoFacts:
    base = RepoFacts(
        repo="alice/llm-year",
        learner="alice",
        url="https://github.com/alice/llm-year",
        private=False,
        milestones=(
            MilestoneFacts("Phase 1 · 第1-4週", dt.date(2027, 1, 30), 10, 10),
            MilestoneFacts("Phase 1 · 第5-8週", dt.date(2027, 2, 27), 10, 4),
            MilestoneFacts("Phase 2 · 第4ヶ月", dt.date(2027, 5, 3), 20, 0),
        ),
        deliverables=(),
        commits=(),
        history_complete=True,
    )
    return base.__class__(**{**base.__dict__, **changes})


def _commit(day: int, login: str | None = "alice", email: str = "") -> Commit:
    return Commit("", dt.datetime(2027, 2, day, 12, tzinfo=dt.UTC), login, "User" if login else None, email)


def test_done_plan_overdue_and_phase() -> None:
    row = learner_row(_facts(), NOW, TOKYO)
    assert (row.status, row.phase, row.done_pct, row.plan_pct, row.overdue) == ("ok", 1, 35, 50, 6)
    assert row.behind == 15


def test_all_done_is_the_last_phase() -> None:
    milestones = (MilestoneFacts("Phase 3 · end", dt.date(2027, 2, 1), 3, 3),)
    row = learner_row(_facts(milestones=milestones), NOW, TOKYO)
    assert (row.phase, row.done_pct, row.overdue) == (3, 100, 0)


def test_a_repository_without_phase_milestones_is_not_bootstrapped() -> None:
    row = learner_row(_facts(milestones=(MilestoneFacts("v1.0", None, 3, 1),)), NOW, TOKYO)
    assert row.status == "not-bootstrapped"


@pytest.mark.parametrize(
    ("commits", "streak", "idle"),
    [
        ((), 0, None),
        ((_commit(26), _commit(27), _commit(28)), 3, 1),
        ((_commit(20),), 0, 9),
        # Another person's and a bot's commits are not the learner's work.
        (
            (
                _commit(28, "mallory"),
                _commit(28, None, "41898282+github-actions[bot]@users.noreply.github.com"),
            ),
            0,
            None,
        ),
    ],
    ids=["none", "three-days", "idle", "not-the-learner"],
)
def test_streak_and_idle_days(commits: tuple[Commit, ...], streak: int, idle: int | None) -> None:
    row = learner_row(_facts(commits=commits), NOW, TOKYO)
    assert (row.streak, row.days_idle) == (streak, idle)


def test_a_streak_reaching_past_the_history_read_is_shown_capped() -> None:
    row = learner_row(_facts(commits=(_commit(27), _commit(28)), history_complete=False), NOW, TOKYO)
    assert (row.streak, row.streak_capped) == (2, True)


def test_only_the_learners_keyed_deliverables_count() -> None:
    deliverables = (
        DeliverableFacts(deliverable_body("p1-d01", ticked=True), "alice"),
        DeliverableFacts(deliverable_body("p1-d02", ticked=False), "alice"),
        DeliverableFacts(deliverable_body("p1-d03", ticked=True), "mallory"),  # a stranger's copy
        DeliverableFacts("- [x] done <!-- roadmap-check-item:x/y -->", "alice"),  # no key marker
    )
    row = learner_row(_facts(deliverables=deliverables), NOW, TOKYO)
    assert (row.deliverables_passed, row.deliverables_total) == (1, 2)
