"""Every bot lookup ignores a stranger's look-alikes: issues and comments carrying our
markers that neither the tool nor the learner wrote (and, for issues, nobody labelled
`roadmap`). Mallory's look-alikes are opened *before* bootstrap, so that "the oldest
issue with the key" would be hers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from bots.conftest import REPO, seed_bootstrapped
from bots.test_bot_commands import ACTIONS, TOKEN, close_phase, daily_history, issue, run, writes
from llm_roadmap import ownership
from llm_roadmap.ownership import bot_marker

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub

SKILL = "p1.w1-4.python-basics"
FORGED = {"dashboard": 1, "p1.epic": 2, SKILL: 3}
FORGED_REMINDER = 4


@pytest.fixture
def gh(fake_github: FakeGitHub, desired: Desired) -> tuple[FakeGitHub, dict[str, int]]:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(ACTIONS, REPO)
    for key in FORGED:
        fake_github.add_issue(REPO, "look-alike", body=ownership.wrap(key, "mallory's"), author="mallory")
    fake_github.add_issue(REPO, "look-alike", body=bot_marker("streak-reminder"), author="mallory")
    forged_skill = issue(fake_github, FORGED[SKILL])
    forged_skill.state = "closed"  # "closing it counts the task done"
    return fake_github, seed_bootstrapped(fake_github, desired)


def _forged_untouched(gh: FakeGitHub) -> None:
    paths = [w.path for w in gh.writes]
    for number in (*FORGED.values(), FORGED_REMINDER):
        assert not any(re.search(rf"/issues/{number}(/|$)", p) for p in paths), (number, paths)


def test_daily_uses_the_real_dashboard_and_opens_its_own_reminder(
    gh: tuple[FakeGitHub, dict[str, int]], root: Path
) -> None:
    fake, numbers = gh
    daily_history(fake)
    result = run(fake, root, "daily", "--now", "2027-01-14T21:00:00+09:00")  # two days missed
    assert result.exit_code == 0, result.output
    assert [(op, w.path) for (op, _), w in zip(writes(fake), fake.writes, strict=True)] == [
        ("issues/update", f"/repos/{REPO}/issues/{numbers['dashboard']}"),
        ("issues/create", f"/repos/{REPO}/issues"),
    ]
    _forged_untouched(fake)
    status = issue(fake, numbers["dashboard"]).body or ""
    # Phase 1 has no task done: the stranger's closed look-alike is not counted.
    assert "0% (0/15)" in status, status
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert "無視したissue" in summary
    assert "#1 (@mallory), #2 (@mallory), #3 (@mallory)" in summary
    assert "mallory's" not in summary


def test_weekly_ignores_a_forged_comment_and_a_forged_dashboard(
    gh: tuple[FakeGitHub, dict[str, int]], root: Path
) -> None:
    fake, numbers = gh
    dashboard = numbers["dashboard"]
    forged = bot_marker("weekly:2027-W02") + "\nforged"
    fake.add_comment(REPO, dashboard, forged, author="mallory")
    result = run(fake, root, "weekly", "--week", "2027-W02", "--now", "2027-01-18T07:00:00+09:00")
    assert result.exit_code == 0, result.output
    assert [(op, w.path) for (op, _), w in zip(writes(fake), fake.writes, strict=True)] == [
        ("issues/create-comment", f"/repos/{REPO}/issues/{dashboard}/comments")
    ]
    assert issue(fake, dashboard).comments[0].body == forged
    _forged_untouched(fake)
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert "無視したコメント" in summary
    assert "(@mallory)" in summary.split("無視したコメント", 1)[1]
    assert "forged" not in summary


def test_graduation_ignores_a_forged_epic_and_celebration(
    gh: tuple[FakeGitHub, dict[str, int]], root: Path, desired: Desired
) -> None:
    fake, numbers = gh
    epic = numbers["p1.epic"]
    fake.add_comment(REPO, epic, bot_marker("graduation:p1") + "\nforged", author="mallory")
    close_phase(fake, desired, "p1")
    result = run(fake, root, "graduate", "--now", "2027-03-21T09:00:00+09:00", token=TOKEN)
    assert result.exit_code == 0, result.output
    assert [op for op, _ in writes(fake)][-1] == "issues/create-comment"
    assert fake.writes[-1].path == f"/repos/{REPO}/issues/{epic}/comments"
    _forged_untouched(fake)
    assert "無視したコメント" in (root / "summary.md").read_text(encoding="utf-8")


def test_a_forged_dashboard_alone_is_not_a_bootstrapped_repository(
    fake_github: FakeGitHub, root: Path
) -> None:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_issue(REPO, "look-alike", body=ownership.wrap("dashboard", "x"), author="mallory")
    result = run(fake_github, root, "daily", token=TOKEN)
    assert result.exit_code == 0, result.output
    assert "`roadmap bootstrap` を実行してください" in result.output
    assert fake_github.writes == []


def test_a_strangers_submission_does_not_mark_a_deliverable_submitted(
    gh: tuple[FakeGitHub, dict[str, int]], root: Path
) -> None:
    fake, numbers = gh
    form = "### 成果物 / Deliverable\n\np1.d01.simple-chat: CLIチャットボット / CLI chatbot\n"
    fake.add_issue(REPO, "🎯 提出 / Submission: x", body=form, author="mallory", labels=["submission"])
    result = run(fake, root, "weekly", "--week", "2027-W02", "--now", "2027-01-18T07:00:00+09:00")
    assert result.exit_code == 0, result.output
    [comment] = issue(fake, numbers["dashboard"]).comments
    assert "提出済み" not in comment.body


def test_while_a_form_applies_the_roadmap_label_the_label_proves_nothing(
    fake_github: FakeGitHub, root: Path, desired: Desired
) -> None:
    form = root / ".github/ISSUE_TEMPLATE/submission.yml"
    form.write_text(
        form.read_text(encoding="utf-8").replace("labels: [submission]", "labels: [submission, roadmap]"),
        encoding="utf-8",
    )
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(ACTIONS, REPO)
    body = ownership.wrap("dashboard", "via the form")
    fake_github.add_issue(REPO, "look-alike", body=body, author="mallory", labels=["submission", "roadmap"])
    numbers = seed_bootstrapped(fake_github, desired)
    daily_history(fake_github)
    result = run(fake_github, root, "daily", "--now", "2027-01-14T21:00:00+09:00")
    assert result.exit_code == 0, result.output
    assert fake_github.writes[0].path == f"/repos/{REPO}/issues/{numbers['dashboard']}"
    assert not any(re.search(r"/issues/1(/|$)", w.path) for w in fake_github.writes)
