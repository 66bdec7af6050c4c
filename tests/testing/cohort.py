"""Learner repositories on the fake server, shaped like bootstrap leaves them (for `roadmap cohort`).

Seeded straight into the fake's state (no HTTP), so a benchmark can make 1,000 of them
in a second: nine "Phase N · …" milestones with five tasks each (the roadmap's shape), two
deliverable issues carrying their check items, and the learner's commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from llm_roadmap import ownership
from testing.fake_github import seed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from testing.fake_github import FakeGitHub
    from testing.fake_github.state import Repo

# (title, due date): the roadmap's milestones for a learner who started on 2027-01-04.
MILESTONES = (
    ("Phase 1 · 第1-4週 基礎構築", dt.date(2027, 1, 31)),
    ("Phase 1 · 第5-8週 アプリケーション開発", dt.date(2027, 2, 28)),
    ("Phase 1 · 第9-12週 Web化とデプロイ", dt.date(2027, 3, 28)),
    ("Phase 2 · 第4ヶ月 RAG基礎", dt.date(2027, 5, 3)),
    ("Phase 2 · 第5ヶ月 評価と最適化", dt.date(2027, 6, 3)),
    ("Phase 2 · 第6ヶ月 エージェントと運用", dt.date(2027, 7, 3)),
    ("Phase 3 · 第7-8ヶ月 深層学習基礎", dt.date(2027, 9, 3)),
    ("Phase 3 · 第9-10ヶ月 ファインチューニング実践", dt.date(2027, 11, 3)),
    ("Phase 3 · 第11-12ヶ月 本番運用", dt.date(2028, 1, 3)),
)
TASKS_PER_MILESTONE = 5


@dataclass(frozen=True)
class LearnerSpec:
    """How far one seeded learner got."""

    repo: str
    done: int = 0  # tasks closed, earliest milestones first (45 in all)
    commit_days: tuple[dt.date, ...] = ()
    passed: int = 0  # deliverables (of 2) with every check ticked
    private: bool = False


def deliverable_body(key: str, ticked: bool) -> str:
    mark = "x" if ticked else " "
    items = "\n".join(
        f"- [{mark}] {name} <!-- roadmap-check-item:{key}/{name} -->" for name in ("files", "tests")
    )
    return ownership.wrap(key, f"## Checks\n\n{items}")


def seed_learner(gh: FakeGitHub, spec: LearnerSpec) -> Repo:
    """One learner's repository, bootstrapped and worked on as `spec` says."""
    state = gh.state
    with state.lock:
        rp = seed.repo(
            state,
            spec.repo,
            private=spec.private,
            is_template=False,
            push=True,
            default_branch="main",
            has_issues=True,
            description=None,
            default_labels=False,
            collaborators=None,
        )
        learner = rp.owner
        closed = 0
        for title, due in MILESTONES:
            # GitHub keeps a due date as midnight US Pacific (GITHUB-QUIRKS.md).
            ms = seed.milestone(state, rp, title, creator=learner, due_on=f"{due.isoformat()}T08:00:00Z")
            for n in range(TASKS_PER_MILESTONE):
                it = seed.issue(state, rp, f"{title} task {n}", author=learner, labels=("roadmap", "skill"))
                it.milestone = ms
                if closed < spec.done:
                    it.state, it.state_reason, closed = "closed", "completed", closed + 1
        for index, key in enumerate(("p1-d01-simple-chat", "p1-d02-cli-tool")):
            body = deliverable_body(key, index < spec.passed)
            seed.issue(
                state, rp, f"Deliverable {key}", author=learner, body=body, labels=("roadmap", "deliverable")
            )
        for day in sorted(spec.commit_days):
            when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
            seed.commit(
                state,
                rp,
                sha=None,
                message=f"work on {day}",
                author=learner,
                author_name=None,
                author_email=None,
                date=when,
                committer_date=None,
                branch=None,
                parents=None,
            )
        return rp


def cohort_file(repos: Iterable[str]) -> str:
    return "learners:\n" + "".join(f"  - {repo}\n" for repo in repos)
