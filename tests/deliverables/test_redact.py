"""No token or API key of `roadmap check`'s environment is shown, saved or posted."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from click.testing import CliRunner
from kits import SIMPLE_CHAT_FILES

from llm_roadmap.cli import main
from llm_roadmap.deliverables import redact
from llm_roadmap.deliverables.report import CheckResult, DeliverableReport, Finding, Report, Status
from testing.repo import copy_repo, copy_shipped_kit, write

if TYPE_CHECKING:
    from pathlib import Path

TOKEN = "ghp_0123456789abcdefABCDEF0123456789abcd"
KEY = "sk-proj-0123456789abcdef"
ENV = {"GH_TOKEN": TOKEN, "OPENAI_API_KEY": KEY, "NO_COLOR": "1", "MY_KEY": "short", "HOME": "/home/me"}


def leaky(*texts: str) -> Report:
    result = CheckResult(
        id="chat",
        kind="run",
        status=Status.FAILED,
        findings=(Finding(code="process.exit", params={"command": texts[0], "code": 1, "expected": 0}),),
        details=texts,
    )
    return Report(
        deliverables=(DeliverableReport(deliverable="p1.d01.simple-chat", folder="x", results=(result,)),)
    )


def test_secret_names_are_the_token_and_key_variables_with_a_real_value() -> None:
    assert redact.secret_names(ENV) == ["GH_TOKEN", "OPENAI_API_KEY"]
    assert redact.secret_names({"AWS_SECRET_ACCESS_KEY": "x" * 40, "HF_TOKEN": "hf_" + "a" * 30}) == [
        "AWS_SECRET_ACCESS_KEY",
        "HF_TOKEN",
    ]
    assert redact.secret_names({"KEYBOARD": "x" * 40, "TOKENIZERS_PARALLELISM": "false"}) == []


def test_every_string_of_the_report_is_masked() -> None:
    report = leaky(f"token={TOKEN}", f"{KEY}{TOKEN}")
    masked = redact.redact(report, redact.secret_values(ENV))
    text = masked.model_dump_json()
    assert TOKEN not in text
    assert KEY not in text
    assert masked.deliverables[0].results[0].details == ("token=***", "******")


def test_a_saved_report_is_masked_before_it_is_shown_or_posted(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    saved = tmp_path / "report.json"
    saved.write_text(leaky(f"I found {TOKEN}").model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["--root", str(root), "check", "--from-report", str(saved), "--markdown"],
        env={"GITHUB_TOKEN": TOKEN, "GH_TOKEN": None},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "I found ***" in result.stdout
    assert TOKEN not in result.output


def test_without_a_jail_it_warns_about_secrets_and_says_how_to_drop_them(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    copy_shipped_kit("projects/p1-d01-simple-chat", root / "projects/p1-d01-simple-chat")
    for name, text in SIMPLE_CHAT_FILES.items():
        write(root / "projects/p1-d01-simple-chat", name, text)
    result = CliRunner().invoke(
        main,
        ["--root", str(root), "check", "--kind", "files", "--json", "--language", "en"],
        # No unshare on this PATH: the jail is unavailable, as on macOS or a locked-down runner.
        env={"GITHUB_TOKEN": None, "GH_TOKEN": TOKEN, "OPENAI_API_KEY": KEY, "PATH": str(tmp_path / "empty")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "warning: GH_TOKEN, OPENAI_API_KEY hold tokens or API keys, and this machine cannot isolate the"
        " checked code, which can read them (/proc/<pid>/environ). Run without them:"
        " env -u GH_TOKEN -u OPENAI_API_KEY roadmap check"
    )
    assert TOKEN not in result.output
    assert json.loads(result.stdout)["deliverables"][0]["status"] == "passed"
