"""`roadmap check` through click's CliRunner: contract errors, outputs, selection, publishing."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from kits import FAST_PYTEST, SIMPLE_CHAT_FILES

from llm_roadmap.cli import main
from llm_roadmap.deliverables.contract import KINDS
from testing.repo import copy_repo, copy_shipped_projects, where, write

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from testing.fake_github import FakeGitHub

REPO = "learner/my-year"
TOKEN = "ghs_actions_token"
CLEAN_ENV = {"GITHUB_TOKEN": None, "GH_TOKEN": None, "GITHUB_REPOSITORY": None, "GITHUB_RUN_ID": None}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A learner's repository: the roadmap, the templates and the untouched kits."""
    copy_repo(tmp_path)
    copy_shipped_projects(tmp_path)
    return tmp_path


def roadmap(root: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner()
    return runner.invoke(
        main, ["--root", str(root), "check", *args], env={**CLEAN_ENV, **(env or {})}, catch_exceptions=False
    )


def test_an_invalid_contract_is_reported_with_path_line_col_and_exit_2(root: Path) -> None:
    contract = "projects/p1-d01-simple-chat/check.yaml"
    text = (root / contract).read_text(encoding="utf-8")
    text = text.replace("deliverable: p1.d01.simple-chat", "deliverable: p1.d01.simple-chat-bot")
    text = text.replace("    kind: ruff\n", "    kind: rufff\n")
    text = text.replace("    timeout: 30\n", "    timeout: 30\n    stdinn: 2\n")
    write(root, contract, text)
    result = roadmap(root, str(root / "projects/p1-d01-simple-chat"))
    assert result.exit_code == 2
    allowed = (
        "command, exit_code, hint, id, kind, llm, min_model_fields, needs, stdin, stdout_contains,"
        " stdout_json_model, stdout_replies, timeout, title"
    )
    kinds = ", ".join(KINDS)
    assert result.stderr == (
        f"error: {where(root, contract, 'p1.d01.simple-chat-bot')}: "
        "unknown deliverable id 'p1.d01.simple-chat-bot'\n"
        "  hint: did you mean 'p1.d01.simple-chat'?\n"
        f"{where(root, contract, 'rufff')}: unknown check kind 'rufff'\n"
        f"  hint: did you mean 'ruff'? Kinds: {kinds}\n"
        f"{where(root, contract, 'stdinn')}: unknown key 'stdinn'\n"
        f"  hint: did you mean 'stdin'? Allowed keys here: {allowed}\n"
        "3 problems found; nothing was sent to GitHub.\n"
    )


def test_a_yaml_syntax_error_in_a_contract_exits_2(root: Path) -> None:
    write(root, "projects/p1-d01-simple-chat/check.yaml", "deliverable: [p1\nchecks: []\n")
    result = roadmap(root)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: projects/p1-d01-simple-chat/check.yaml:2:7: YAML syntax error")


def test_a_check_that_needs_a_later_check_is_refused(root: Path) -> None:
    contract = "projects/p1-d01-simple-chat/check.yaml"
    text = (root / contract).read_text(encoding="utf-8")
    write(root, contract, text.replace("    needs: [parse]\n", "    needs: [chat]\n", 1))
    result = roadmap(root, str(root / "projects/p1-d01-simple-chat"))
    assert result.exit_code == 2
    position = where(root, contract, "chat]")
    assert f"{position}: check 'tests' needs 'chat', which is not an earlier check" in result.stderr


def test_untouched_kits_are_not_started_and_exit_0(root: Path) -> None:
    result = roadmap(root, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    statuses = {d["deliverable"]: d["status"] for d in report["deliverables"]}
    assert statuses == dict.fromkeys(statuses, "not-started")  # the p3.d01 starter script included
    assert len(statuses) == 12
    finding = report["deliverables"][0]["results"][0]["findings"][0]
    assert finding["message"] == "未着手（simple_chat.py がまだありません）"


def test_markdown_summary_save_and_from_report_agree(root: Path, tmp_path: Path) -> None:
    folder = root / "projects/p1-d01-simple-chat"
    for name, text in SIMPLE_CHAT_FILES.items():
        write(folder, name, text)
    summary, saved = tmp_path / "summary.md", tmp_path / "report.json"
    summary.write_text("# earlier step\n", encoding="utf-8")
    first = roadmap(
        root, str(folder), "--markdown", "--language", "en", "--summary", str(summary), "--save", str(saved)
    )
    assert first.exit_code == 0, first.output
    assert summary.read_text(encoding="utf-8") == "# earlier step\n" + first.stdout
    assert "| CLI chatbot | ✅ passed | 6/6 |" in first.stdout
    again = roadmap(root, "--from-report", str(saved), "--markdown", "--language", "en")
    assert again.stdout == first.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not a saved check report: Expecting property name"),
        ('{"deliverables": 3}', "not a saved check report: 1 validation error for Report"),
        (
            '{"deliverables": [{"deliverable": "p1.d01.simple-chat", "folder": "projects/x",'
            ' "results": [{"id": "parse", "kind": "parse", "status": "failed",'
            ' "findings": [{"code": "no-such-code", "params": {}}]}]}]}',
            "unknown finding code 'no-such-code'",
        ),
    ],
    ids=["json", "shape", "unknown-code"],
)
def test_a_broken_saved_report_is_bad_input(root: Path, tmp_path: Path, content: str, reason: str) -> None:
    """A report from another job is input: refused with exit 2 and a hint, never a traceback."""
    saved = tmp_path / "report.json"
    saved.write_text(content, encoding="utf-8")
    result = roadmap(root, "--from-report", str(saved))
    assert result.exit_code == 2, result.output
    assert f"{saved}: {reason}" in result.output
    assert "hint: pass a file written by `roadmap check --save`" in result.output


def test_a_failing_deliverable_exits_1_and_explains_the_fix(root: Path) -> None:
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "import os\n")
    result = roadmap(root, str(folder), "--language", "en")
    assert result.exit_code == 1
    shown = " ".join(result.stdout.split())  # the table wraps long cells
    assert "missing files: tests/test_*.py" in shown
    assert "F401 `os` imported but unused" in shown
    assert "How to fix: run `uv run ruff check --fix projects/p1-d01-simple-chat`" in shown
    assert shown.endswith("0 passed, 1 failed, 0 not started")


def test_unknown_kind_is_a_usage_error(root: Path) -> None:
    result = roadmap(root, "--kind", "lint")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --kind: unknown kind 'lint'\n  hint: use one of files, parse,")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_changed_since_checks_only_the_changed_deliverables(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "kits")
    base = _git(root, "rev-parse", "HEAD")
    write(root, "projects/p2-d02-evaluation-report/report.md", "# report\n")
    result = roadmap(root, "--changed-since", base, "--json")
    checked = [d["deliverable"] for d in json.loads(result.stdout)["deliverables"]]
    assert checked == ["p2.d02.evaluation-report"]
    everything = roadmap(root, "--changed-since", "0000000000000000000000000000000000000000", "--json")
    assert len(json.loads(everything.stdout)["deliverables"]) == 12


ISSUE_BODY = """Build `simple_chat.py`.

<!-- roadmap:p1.d01.simple-chat -->
## 受け入れ条件
- [ ] simple_chat.py・requirements.txt・テストがある <!-- roadmap-check-item:p1.d01.simple-chat/files -->
- [x] 入力した1行にモデルの応答を返す <!-- roadmap-check-item:p1.d01.simple-chat/chat -->
- [ ] 自分で決めた目標（ボットは触らない）
"""


def test_publish_edits_one_sticky_comment_and_ticks_only_marked_lines(
    root: Path, tmp_path: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user("learner")
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(TOKEN, REPO)
    fake_github.add_label(REPO, "roadmap")
    issue = fake_github.add_issue(REPO, "CLI chatbot", body=ISSUE_BODY, labels=["roadmap"])
    fake_github.add_issue(REPO, "decoy", body="<!-- roadmap:p1.d01.simple-chat -->")  # no label: not ours
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "print('hello')\n")  # files fail, chat fails (no LLM call)
    saved = tmp_path / "report.json"
    assert roadmap(root, str(folder), "--save", str(saved)).exit_code == 1
    env = {"GITHUB_API_URL": fake_github.api_url, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO}
    env |= {"GITHUB_RUN_ID": "42", "GITHUB_SERVER_URL": "https://github.example"}

    first = roadmap(root, "--from-report", str(saved), "--publish", "--markdown", env=env)
    assert first.exit_code == 0, first.output
    assert f"p1.d01.simple-chat: イシュー #{issue.number} を更新しました" in first.stderr
    body = fake_github.state.repos[REPO].issue(issue.number).body
    assert body == ISSUE_BODY.replace(
        "- [x] 入力した1行にモデルの応答を返す", "- [ ] 入力した1行にモデルの応答を返す"
    )
    comments = fake_github.state.repos[REPO].issue(issue.number).comments
    assert len(comments) == 1
    assert comments[0].body.startswith(
        "<!-- roadmap-check:p1.d01.simple-chat -->\n## 🤖 成果物チェック: ❌ 不合格"
    )
    assert "[実行ログ](https://github.example/learner/my-year/actions/runs/42)" in comments[0].body

    for name, text in SIMPLE_CHAT_FILES.items():
        write(folder, name, text)
    assert roadmap(root, str(folder), "--save", str(saved)).exit_code == 0
    second = roadmap(root, "--from-report", str(saved), "--publish", env=env)
    assert second.exit_code == 0, second.output
    comments = fake_github.state.repos[REPO].issue(issue.number).comments
    assert len(comments) == 1
    assert "✅ 合格" in comments[0].body
    body = fake_github.state.repos[REPO].issue(issue.number).body
    assert "- [x] simple_chat.py・requirements.txt・テストがある" in body
    assert "- [x] 入力した1行にモデルの応答を返す" in body
    assert "- [ ] 自分で決めた目標（ボットは触らない）" in body

    # A GPU run's report gets a sticky comment of its own: the next CPU run cannot replace it.
    cpu_comment = comments[0].body
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert report["mode"] == "cpu"
    saved.write_text(json.dumps({**report, "mode": "gpu"}), encoding="utf-8")
    assert roadmap(root, "--from-report", str(saved), "--publish", env=env).exit_code == 0
    assert roadmap(root, "--from-report", str(saved), "--publish", env=env).exit_code == 0
    comments = fake_github.state.repos[REPO].issue(issue.number).comments
    assert [c.body.splitlines()[0] for c in comments] == [
        "<!-- roadmap-check:p1.d01.simple-chat -->",
        "<!-- roadmap-check-gpu:p1.d01.simple-chat -->",
    ]
    assert comments[0].body == cpu_comment


def test_publish_without_an_issue_says_to_bootstrap(
    root: Path, tmp_path: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user("learner")
    fake_github.add_repo(REPO)
    fake_github.add_actions_token(TOKEN, REPO)
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "print('hello')\n")
    env = {"GITHUB_API_URL": fake_github.api_url, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO}
    result = roadmap(root, str(folder), "--kind", "files", "--publish", "--language", "en", env=env)
    assert result.exit_code == 1
    assert result.stderr == (
        "note: not a git repository, so check.yaml was compared only with its content before the checks,"
        " not with a commit\n"
        "p1.d01.simple-chat: no issue with the label roadmap and <!-- roadmap:p1.d01.simple-chat -->;"
        " nothing posted. Run `roadmap bootstrap` first\n"
    )
    assert fake_github.writes == []


def test_publish_needs_a_token(root: Path) -> None:
    result = roadmap(root, "--publish", "--repo", REPO, "--kind", "files")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --publish needs a token\n")


def _wrapper_venv(venv: Path, log: Path) -> None:
    """A venv whose python records each start, then runs this interpreter (which has the SDKs)."""
    python = venv / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$0" >>"{log}"\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)


def test_existing_venvs_are_used_from_any_working_directory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #9: a relative --root made `<folder>/.venv/bin/python` relative to the wrong folder."""
    folder = root / "projects/p1-d01-simple-chat"
    for name, text in SIMPLE_CHAT_FILES.items():
        write(folder, name, text)
    # The check's jail keeps the repository read-only but for the step's folder and
    # projects/.venv, so the wrappers log where learner code may write.
    log = root / "projects/.venv/started.log"
    _wrapper_venv(root / "projects/.venv", log)
    _wrapper_venv(folder / ".venv", log)
    monkeypatch.chdir(root.parent)
    result = CliRunner().invoke(
        main,
        ["--root", root.name, "check", f"{root.name}/projects/p1-d01-simple-chat", "--json"],
        env={**CLEAN_ENV, **FAST_PYTEST},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert set(log.read_text(encoding="utf-8").split()) == {str(folder / ".venv/bin/python")}


def test_a_venv_whose_python_is_gone_is_passed_over(root: Path) -> None:
    folder = root / "projects/p1-d01-simple-chat"
    for name, text in SIMPLE_CHAT_FILES.items():
        write(folder, name, text)
    (folder / ".venv/bin").mkdir(parents=True)
    (folder / ".venv/bin/python").symlink_to(root / "no-such-python")  # made on another machine
    result = roadmap(root, str(folder), "--json", env=FAST_PYTEST)
    assert result.exit_code == 0, result.output


def test_a_relative_python_is_taken_from_the_working_directory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "print('hello')\n")
    log = folder / "started.log"  # the step's own folder: writable inside the check's jail
    _wrapper_venv(root / ".venv-mine", log)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        main,
        ["check", "projects/p1-d01-simple-chat", "--kind", "parse", "--python", ".venv-mine/bin/python"],
        env=CLEAN_ENV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert log.read_text(encoding="utf-8").split() == [str(root / ".venv-mine/bin/python")]


def test_check_runs_from_inside_a_deliverable_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #9: without --root, the root is the nearest folder upward with roadmap/config.yaml."""
    folder = root / "projects/p1-d01-simple-chat"
    write(folder, "simple_chat.py", "print('hello')\n")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(
        main, ["check", ".", "--kind", "parse", "--json"], env=CLEAN_ENV, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [d["folder"] for d in report["deliverables"]] == ["projects/p1-d01-simple-chat"]


def test_outside_a_copy_the_root_stays_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"], env=CLEAN_ENV, catch_exceptions=False)
    assert result.exit_code == 2
    assert "roadmap/" in result.stderr
    assert "file not found" in result.stderr
