"""The bot commands end to end against the fake GitHub server, with the real PyGithub client.

Each test seeds a repository as bootstrap leaves it (`seed_bootstrapped`), runs the CLI
as the workflow does (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_STEP_SUMMARY...), and asserts
the exact requests. A re-run of any bot on the same state must send no write at all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from bots.conftest import REPO, seed_bootstrapped
from llm_roadmap import ownership
from llm_roadmap.ownership import read_bot_section
from testing.repo import RESOURCES, invoke

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from click.testing import Result

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub
    from testing.fake_github.state import Issue

TOKEN = "ghp_learner"
ACTIONS = "ghs_actions"
LEARNER_NOTE = "My own notes under the dashboard."


@pytest.fixture
def gh(fake_github: FakeGitHub, desired: Desired) -> FakeGitHub:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(ACTIONS, REPO)
    seed_bootstrapped(fake_github, desired)
    dashboard = issue(fake_github, 1)
    dashboard.body = (dashboard.body or "") + "\n" + LEARNER_NOTE + "\n"
    return fake_github


def issue(gh: FakeGitHub, number: int) -> Issue:
    found = gh.state.repo("octocat", "llm-year").issue(number)  # type: ignore[union-attr]
    assert found is not None
    return found


def run(gh: FakeGitHub, root: Path, *args: str, token: str | None = ACTIONS, **env: str) -> Result:
    """Run the CLI as the workflow does; with `--now`, GitHub's clock shows that instant too
    (the `closed_at` it stamps is then the pretended time, as in a replayed month)."""
    if "--now" in args:
        gh.set_time(args[args.index("--now") + 1])
    values: dict[str, str | None] = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_TOKEN": token,
        "ROADMAP_WRITE_INTERVAL": "0",
        "GITHUB_STEP_SUMMARY": str(root / "summary.md"),
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": None,
        "GITHUB_EVENT_PATH": None,
    }
    values.update(env)
    return invoke(root, *args, env=values)  # type: ignore[arg-type]


def writes(gh: FakeGitHub, since: int = 0) -> list[tuple[str | None, Any]]:
    return [(w.operation, w.json) for w in gh.writes[since:]]


def commit(gh: FakeGitHub, when: str, login: str | None = "octocat", **extra: Any) -> None:
    gh.add_commit(REPO, author_login=login, date=when, **extra)


def daily_history(gh: FakeGitHub) -> None:
    for day in range(4, 12):  # Jan 4-11, every evening in Tokyo
        commit(gh, f"2027-01-{day:02d}T20:00:00+09:00")
    commit(gh, "2027-01-12T20:00:00+09:00", login="github-actions[bot]")  # a bot's commit on the missed day
    gh.add_commit(
        REPO,
        author_name="dependabot[bot]",
        author_email="49699333+dependabot[bot]@users.noreply.github.com",
        date="2027-01-12T21:00:00+09:00",
        branch="dependabot/pip",
    )


# -- daily ------------------------------------------------------------------------------
def test_one_missed_day_only_shows_on_the_dashboard(
    gh: FakeGitHub, root: Path, golden: Callable[[str, str], None]
) -> None:
    daily_history(gh)
    result = run(gh, root, "daily", "--now", "2027-01-13T21:00:00+09:00")
    assert result.exit_code == 0, result.output
    assert [op for op, _ in writes(gh)] == ["issues/update"]
    dashboard = issue(gh, 1).body or ""
    assert dashboard.endswith("<!-- roadmap:bot:status:end -->\n\n" + LEARNER_NOTE + "\n")
    assert ownership.managed_part(dashboard) is not None
    golden("bots/dashboard-status.ja.md", read_bot_section(dashboard, "status") or "")
    assert _reminders(gh) == []


def test_daily_opens_one_reminder_for_a_stall_and_closes_it(
    gh: FakeGitHub, root: Path, golden: Callable[[str, str], None]
) -> None:
    daily_history(gh)
    result = run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00")  # the 12th and 13th missed
    assert result.exit_code == 0, result.output
    ops = writes(gh)
    assert [op for op, _ in ops] == ["issues/update", "issues/create"]
    golden("bots/dashboard-status.stalled.ja.md", read_bot_section(issue(gh, 1).body or "", "status") or "")
    create = ops[1][1]
    assert create["labels"] == ["roadmap", "streak-reminder"]
    assert create["title"] == "🔔 毎日のコミットが途切れています"
    golden("bots/reminder.missed.ja.md", create["body"])
    [reminder] = _reminders(gh)
    assert reminder.user.login == "github-actions[bot]"

    # The same run again: nothing to write.
    before = len(gh.writes)
    assert run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00").exit_code == 0
    assert writes(gh, before) == []

    # Another missed day: the same issue is edited (edits do not notify), no new issue.
    before = len(gh.writes)
    run(gh, root, "daily", "--now", "2027-01-15T21:00:00+09:00")
    assert [(op, sorted(body)) for op, body in writes(gh, before)] == [
        ("issues/update", ["body"]),
        ("issues/update", ["body"]),
    ]
    assert "3日間コミットがありません" in (reminder.body or "")

    # Back: a commit late on the 15th closes the reminder, and the dashboard says so.
    commit(gh, "2027-01-15T22:30:00+09:00")
    before = len(gh.writes)
    run(gh, root, "daily", "--now", "2027-01-15T23:00:00+09:00")
    assert [(op, body.get("state")) for op, body in writes(gh, before)] == [
        ("issues/update", None),
        ("issues/update", "closed"),
    ]
    assert reminder.state == "closed"
    golden("bots/reminder.back.ja.md", reminder.body or "")

    # The next stall, three days after the close: the reminder stays closed (quiet days).
    before = len(gh.writes)
    run(gh, root, "daily", "--now", "2027-01-18T21:00:00+09:00")
    assert [(op, sorted(body)) for op, body in writes(gh, before)] == [("issues/update", ["body"])]
    assert reminder.state == "closed"
    assert "🔕 リマインダーのissueは閉じたままにします" in (root / "summary.md").read_text(encoding="utf-8")
    assert "リマインダーのissueは自動で閉じます" not in (issue(gh, 1).body or "")

    # A week after the close, the same stall reopens the same issue.
    before = len(gh.writes)
    run(gh, root, "daily", "--now", "2027-01-22T21:00:00+09:00")
    assert [(op, body.get("state")) for op, body in writes(gh, before)] == [
        ("issues/update", None),
        ("issues/update", "open"),
    ]
    assert _reminders(gh) == [reminder]


def test_a_reminder_closed_by_hand_stays_closed_for_that_stall(gh: FakeGitHub, root: Path) -> None:
    daily_history(gh)
    run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00")
    [reminder] = _reminders(gh)
    reminder.state, reminder.closed_at = "closed", dt.datetime(2027, 1, 15, 1, tzinfo=dt.UTC)
    for day in (15, 22, 29):
        before = len(gh.writes)
        run(gh, root, "daily", "--now", f"2027-01-{day}T21:00:00+09:00")
        assert [op for op, _ in writes(gh, before)] == ["issues/update"], day  # the dashboard only
    assert reminder.state == "closed"


def test_the_threshold_is_a_setting(gh: FakeGitHub, root: Path) -> None:
    config = root / "roadmap" / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("language: ja", "language: en")
    config.write_text(text + "reminder_after_days: 3\n", encoding="utf-8")
    daily_history(gh)
    run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00")
    assert _reminders(gh) == []
    assert "No commit for 2 day(s). One commit today restarts the streak\n" in (issue(gh, 1).body or "")
    run(gh, root, "daily", "--now", "2027-01-15T21:00:00+09:00")
    [reminder] = _reminders(gh)
    assert "it opens after 3 days in a row without a commit" in (reminder.body or "")
    assert "(the reminder issue closes by itself)" in (issue(gh, 1).body or "")


def test_daily_reads_every_branch_from_the_start_date_only(gh: FakeGitHub, root: Path) -> None:
    commit(gh, "2027-01-04T20:00:00+09:00")
    commit(gh, "2027-01-05T20:00:00+09:00", branch="feature")
    run(gh, root, "daily", "--now", "2027-01-05T21:00:00+09:00")
    listing = [r for r in gh.requests if r.operation == "repos/list-commits"]
    assert sorted(r.query["sha"] for r in listing) == ["feature", "main"]  # type: ignore[type-var]
    assert {r.query["since"] for r in listing} == {"2027-01-03T15:00:00Z"}
    assert "**2日**" in (issue(gh, 1).body or "")
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert "🔥 連続日数: 2日 · 今日 (2027-01-05, Asia/Tokyo): コミット済み · 読んだコミット: 2" in summary
    assert "GitHubへのリクエスト:" in summary


def test_daily_dry_run_sends_nothing(gh: FakeGitHub, root: Path) -> None:
    result = run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00", "--dry-run")
    assert result.exit_code == 0
    assert gh.writes == []
    lines = result.output.splitlines()
    assert lines[0] == "roadmap daily → octocat/llm-year (--dry-run: 何も送信しません)"
    assert re.fullmatch(r"  ~ issue #1 body \(\d+ 文字\)", lines[1])
    assert re.fullmatch(
        r'  \+ issue "🔔 毎日のコミットが途切れています" \[roadmap, streak-reminder\] \(\d+ 文字\)', lines[2]
    )
    assert len(lines) == 3


# -- weekly -----------------------------------------------------------------------------
def test_weekly_posts_one_comment_per_week_and_edits_it(gh: FakeGitHub, root: Path) -> None:
    commit(gh, "2027-01-05T20:00:00+09:00")
    stranger_marker = "<!-- roadmap:bot:weekly:2027-W02 -->"
    gh.add_comment(REPO, 1, f"{stranger_marker} copied by hand", author="someone-else")
    midweek = run(gh, root, "weekly", "--now", "2027-01-13T21:00:00+09:00")
    assert midweek.exit_code == 0, midweek.output
    assert [op for op, _ in writes(gh)] == ["issues/create-comment"]
    ours = issue(gh, 1).comments[-1]
    assert ours.user.login == "github-actions[bot]"
    assert "週の途中の集計です" in ours.body

    before = len(gh.writes)
    run(gh, root, "weekly", "--now", "2027-01-18T07:00:00+09:00")  # Monday: the same week, final
    assert [(op, w.path) for (op, _), w in zip(writes(gh, before), gh.writes[before:], strict=True)] == [
        ("issues/update-comment", f"/repos/{REPO}/issues/comments/{ours.id}")
    ]
    assert "週の途中" not in ours.body
    assert issue(gh, 1).comments[0].body == f"{stranger_marker} copied by hand"

    before = len(gh.writes)
    run(gh, root, "weekly", "--now", "2027-01-18T07:00:00+09:00")
    assert writes(gh, before) == []
    assert len(issue(gh, 1).comments) == 2


def test_weekly_by_hand_edits_the_actions_comment(gh: FakeGitHub, root: Path) -> None:
    run(gh, root, "weekly", "--week", "2027-W02", "--now", "2027-01-18T07:00:00+09:00")
    issue(gh, 1).comments[-1].body += "\nstale"
    before = len(gh.writes)
    result = run(gh, root, "weekly", "--week", "2027-W02", "--now", "2027-01-18T07:00:00+09:00", token=TOKEN)
    assert result.exit_code == 0
    assert [op for op, _ in writes(gh, before)] == ["issues/update-comment"]
    assert len(issue(gh, 1).comments) == 1


def test_now_must_carry_an_offset(gh: FakeGitHub, root: Path) -> None:
    result = run(gh, root, "daily", "--now", "2027-01-13T21:00")
    assert result.exit_code == 2
    assert result.output == (
        "error: --now '2027-01-13T21:00' has no UTC offset\n  hint: add one, e.g. 2027-01-18T07:00:00+09:00\n"
    )
    assert gh.requests == []


def test_weekly_rejects_a_bad_week(gh: FakeGitHub, root: Path) -> None:
    result = run(gh, root, "weekly", "--week", "2027-W99")
    assert result.exit_code == 2
    assert result.output == "error: invalid --week '2027-W99'\n  hint: write an ISO week such as 2027-W03\n"


# -- graduate ---------------------------------------------------------------------------
def close_phase(gh: FakeGitHub, desired: Desired, phase: str) -> None:
    keys = {i.key for i in desired.issues if i.phase == phase and i.kind in ("skill", "deliverable")}
    for item in gh.state.repo("octocat", "llm-year").issues:  # type: ignore[union-attr]
        if ownership.find_key(item.body) in keys:
            item.state, item.closed_at = "closed", dt.datetime(2027, 3, 20, 12, tzinfo=dt.UTC)


def event_file(root: Path, key: str | None) -> Path:
    event = json.loads((RESOURCES / "webhooks" / "issues.reopened.json").read_text(encoding="utf-8"))
    event["action"] = "closed"
    event["issue"]["body"] = ownership.wrap(key, "x") if key else "not ours"
    path = root / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def test_graduation_closes_milestones_and_celebrates_once(
    gh: FakeGitHub, root: Path, desired: Desired
) -> None:
    close_phase(gh, desired, "p1")
    result = run(
        gh,
        root,
        "graduate",
        "--now",
        "2027-03-21T09:00:00+09:00",
        GITHUB_EVENT_NAME="issues",
        GITHUB_EVENT_PATH=str(event_file(root, "p1.w9-12.deployment")),
    )
    assert result.exit_code == 0, result.output
    ops = writes(gh)
    assert [op for op, _ in ops] == ["issues/update-milestone"] * 3 + ["issues/create-comment"]
    assert {body["state"] for _, body in ops[:3]} == {"closed"}
    epic = issue(gh, 2)
    assert ownership.find_key(epic.body) == "p1.epic"
    assert epic.comments[0].body.startswith("<!-- roadmap:bot:graduation:p1 -->\n## 🎓 Phase 1 完了時!")
    before = len(gh.writes)
    run(gh, root, "graduate")  # the daily fallback: every phase, nothing new
    assert writes(gh, before) == []


def test_graduation_ignores_issues_that_are_not_tasks(gh: FakeGitHub, root: Path) -> None:
    result = run(
        gh, root, "graduate", GITHUB_EVENT_NAME="issues", GITHUB_EVENT_PATH=str(event_file(root, None))
    )
    assert result.exit_code == 0
    assert "ロードマップのタスクではありません" in result.output
    assert gh.requests == []


# -- guards -----------------------------------------------------------------------------
def test_no_bot_runs_in_the_template_repository(fake_github: FakeGitHub, root: Path) -> None:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO, is_template=True)
    result = run(fake_github, root, "daily", token=TOKEN)
    assert result.exit_code == 0
    assert "テンプレートリポジトリです" in (root / "summary.md").read_text(encoding="utf-8")
    assert [r.operation for r in fake_github.requests] == ["repos/get"]


def test_bots_explain_when_bootstrap_has_not_run(fake_github: FakeGitHub, root: Path) -> None:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    for bot in ("daily", "weekly", "graduate"):
        result = run(fake_github, root, bot, token=TOKEN)
        assert result.exit_code == 0
        assert "`roadmap bootstrap` を実行してください" in result.output
    assert fake_github.writes == []


def test_a_missing_token_fails_and_says_how_to_fix_it(fake_github: FakeGitHub, root: Path) -> None:
    result = run(fake_github, root, "daily", token=None)
    assert result.exit_code == 2
    assert "トークンがありません" in result.output
    assert fake_github.requests == []


# -- doctor -----------------------------------------------------------------------------
def test_doctor_on_a_healthy_repository(gh: FakeGitHub, root: Path) -> None:
    for name in ("daily", "weekly", "graduation", "stuck"):
        gh.add_workflow(REPO, name, f".github/workflows/{name}.yml")
    gh.add_secret(REPO, "ROADMAP_PROJECT_TOKEN")
    result = run(gh, root, "doctor", token=TOKEN)
    assert result.exit_code == 0, result.output
    assert result.output.count("✅") == 6
    assert "✅ 公開リポジトリですが、セルフホストランナーはありません" in result.output.splitlines()
    assert gh.writes == []
    # the token's push permission comes with the repository: one GET of it, not two
    assert [r.path for r in gh.requests].count(f"/repos/{REPO}") == 1


def test_doctor_warns_about_a_self_hosted_runner_on_a_public_repository(gh: FakeGitHub, root: Path) -> None:
    gh.add_runner(REPO, "my-gpu-box")
    result = run(gh, root, "doctor", token=TOKEN)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "⚠️ 公開リポジトリにセルフホストランナーが 1 台あります。フォークからのPRが自分で追加したワークフロー"
        "（`runs-on: [self-hosted, gpu]`）は、このランナーで任意のコードを実行できます"
    ) in lines
    assert (
        "⚠️ フォークからのPRのワークフローが、承認なしで動くことがあります (`first_time_contributors`)"
        in lines
    )
    gh.set_fork_pr_approval(REPO, "all_external_contributors")
    again = run(gh, root, "doctor", token=TOKEN).output
    assert "承認なしで動く" not in again
    assert "セルフホストランナーが 1 台あります" in again


def test_doctor_says_it_cannot_tell_with_the_actions_token(gh: FakeGitHub, root: Path) -> None:
    gh.add_runner(REPO, "my-gpu-box")
    result = run(gh, root, "doctor")  # the Actions GITHUB_TOKEN: no admin reads
    lines = result.output.splitlines()
    assert (
        "⚠️ セルフホストランナーがあるか分かりません"
        "（このトークンでは読めません。Actions の GITHUB_TOKEN も読めません）"
    ) in lines
    assert any(line.startswith("⚠️ フォークからのPRの承認設定が分かりません") for line in lines)
    assert gh.writes == []


# -- a bot run by hand (the learner's token), then by Actions: never a second copy -----------


def _reminders(gh: FakeGitHub) -> list[Issue]:
    repo = gh.state.repo("octocat", "llm-year")
    assert repo is not None
    return [i for i in repo.issues if "roadmap:bot:streak-reminder" in (i.body or "")]


def test_weekly_by_hand_then_by_actions_edits_one_comment(gh: FakeGitHub, root: Path) -> None:
    now = "2027-01-18T07:00:00+09:00"
    assert run(gh, root, "weekly", "--week", "2027-W02", "--now", now, token=TOKEN).exit_code == 0
    issue(gh, 1).comments[-1].body += "\nstale"
    again = run(gh, root, "weekly", "--week", "2027-W02", "--now", now)
    assert again.exit_code == 0, again.output
    [comment] = issue(gh, 1).comments
    assert comment.user.login == "octocat"
    assert not comment.body.endswith("stale")


def test_the_reminder_opened_by_hand_is_the_one_actions_keeps(gh: FakeGitHub, root: Path) -> None:
    daily_history(gh)
    assert run(gh, root, "daily", "--now", "2027-01-14T21:00:00+09:00", token=TOKEN).exit_code == 0
    assert run(gh, root, "daily", "--now", "2027-01-15T21:00:00+09:00").exit_code == 0
    [reminder] = _reminders(gh)
    assert reminder.user.login == "octocat"


def test_graduation_celebrated_by_hand_is_not_celebrated_again(
    gh: FakeGitHub, root: Path, desired: Desired
) -> None:
    close_phase(gh, desired, "p1")
    assert run(gh, root, "graduate", "--now", "2027-03-21T09:00:00+09:00", token=TOKEN).exit_code == 0
    assert run(gh, root, "graduate", "--now", "2027-03-22T09:00:00+09:00").exit_code == 0
    assert len(issue(gh, 2).comments) == 1


# -- the weeks before the start date ----------------------------------------------------------


@pytest.mark.parametrize("now", ["2026-12-28T07:00:00+09:00", "2027-01-04T07:00:00+09:00"])
def test_weekly_before_the_first_week_posts_nothing_and_says_why(
    gh: FakeGitHub, root: Path, now: str
) -> None:
    """The first Monday (start 2027-01-04 is a Monday) reports 2026-W53: nothing to sum up."""
    result = run(gh, root, "weekly", "--now", now)
    assert result.exit_code == 0, result.output
    assert "より前の週です" in result.stderr
    assert issue(gh, 1).comments == []


def test_weekly_of_the_first_week_draws_its_chart(gh: FakeGitHub, root: Path) -> None:
    result = run(gh, root, "weekly", "--now", "2027-01-11T07:00:00+09:00")
    assert result.exit_code == 0, result.output
    [comment] = issue(gh, 1).comments
    assert "xychart-beta" in comment.body


def test_only_the_learners_own_logs_count(gh: FakeGitHub, root: Path) -> None:
    """In a public repository anyone may open the log form; a stranger's spend is not yours."""
    from bots.test_learning_log import FORM_BODY

    gh.add_label(REPO, "learning-log")
    gh.add_issue(REPO, "📝 mine", body=FORM_BODY, author="octocat", labels=["learning-log"])
    stranger = FORM_BODY.replace("$0.42", "$99.00")
    gh.add_issue(REPO, "📝 theirs", body=stranger, author="mallory", labels=["learning-log"])
    result = run(gh, root, "weekly", "--week", "2027-W02", "--now", "2027-01-18T07:00:00+09:00")
    assert result.exit_code == 0, result.output
    [comment] = issue(gh, 1).comments
    assert "| $0.42 |" in comment.body
    assert "99.00" not in comment.body
