"""Ticking the checklist (only marked lines), the checklist lines bootstrap embeds, and the
sticky comment's text (a golden file)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest
from kits import PROJECTS, REPO_ROOT, TEMPLATES

from llm_roadmap.deliverables.contract import load_contract
from llm_roadmap.deliverables.publish import checklist_states, tick
from llm_roadmap.deliverables.render import ReportRenderer
from llm_roadmap.deliverables.report import (
    CheckResult,
    DeliverableReport,
    Finding,
    Report,
    Status,
    load_report,
)
from llm_roadmap.model.schema import Text
from llm_roadmap.render import Renderer
from llm_roadmap.settings import Settings
from llm_roadmap.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Callable

M = "<!-- roadmap-check-item:p1.d01.simple-chat/{} -->"


@pytest.mark.parametrize(
    ("line", "states", "expected"),
    [
        (
            f"- [ ] files {M.format('files')}",
            {"p1.d01.simple-chat/files": True},
            f"- [x] files {M.format('files')}",
        ),
        (
            f"* [X] chat {M.format('chat')}",
            {"p1.d01.simple-chat/chat": False},
            f"* [ ] chat {M.format('chat')}",
        ),
        (
            f"  - [ ] nested {M.format('ruff')}",
            {"p1.d01.simple-chat/ruff": True},
            f"  - [x] nested {M.format('ruff')}",
        ),
        ("- [ ] my own goal", {"p1.d01.simple-chat/files": True}, "- [ ] my own goal"),
        (
            f"- [ ] other {M.format('tests')}",
            {"p1.d01.simple-chat/files": True},
            f"- [ ] other {M.format('tests')}",
        ),
        (f"text {M.format('files')}", {"p1.d01.simple-chat/files": True}, f"text {M.format('files')}"),
    ],
)
def test_tick_changes_only_marked_checklist_lines(line: str, states: dict[str, bool], expected: str) -> None:
    assert tick(line, states) == expected


def test_tick_keeps_every_other_byte() -> None:
    body = f"intro\r\n- [ ] a {M.format('files')}\r\n\r\n```\n- [ ] code\n```\n"
    assert tick(body, {"p1.d01.simple-chat/files": True}) == body.replace("- [ ] a", "- [x] a")


def _report() -> DeliverableReport:
    title = Text(ja="CLIチャットボット", en="CLI chatbot")
    results = (
        CheckResult(id="files", kind="files", title=Text(ja="ファイル", en="Files"), status=Status.PASSED),
        CheckResult(
            id="chat",
            kind="run",
            title=Text(ja="会話", en="Chat"),
            status=Status.FAILED,
            findings=(Finding(code="llm.too-many-requests", params={"count": 3, "maximum": 1}),),
            details=("> | exit",),
            metrics={"tests_passed": 2.0},
        ),
        CheckResult(
            id="docker",
            kind="docker-build",
            title=Text(ja="ビルド", en="Build"),
            status=Status.SKIPPED,
            findings=(Finding(code="docker.not-enabled"),),
        ),
    )
    return DeliverableReport(
        deliverable="p1.d01.simple-chat", folder="projects/p1-d01-simple-chat", title=title, results=results
    )


def test_checklist_states_leave_skipped_checks_alone() -> None:
    assert checklist_states(_report()) == {"p1.d01.simple-chat/files": True, "p1.d01.simple-chat/chat": False}


def test_the_issue_bootstrap_writes_carries_one_ticking_line_per_check() -> None:
    """The deliverable's issue body (from the plan) lists every check of its check.yaml."""
    contract = load_contract(PROJECTS / "p1-d01-simple-chat/check.yaml")
    settings = Settings.from_environment(root=REPO_ROOT, environ={})
    workspace = dataclasses.replace(Workspace.load(settings), renderer=Renderer(TEMPLATES, "en"))
    body = workspace.desired(repo_url=None).issue("p1.d01.simple-chat").body
    lines = [line for line in body.splitlines() if "roadmap-check-item:" in line]
    assert lines[0] == "- [ ] simple_chat.py, requirements.txt and tests exist " + M.format("files")
    assert len(lines) == len(contract.checks)
    ticked = tick(body, {"p1.d01.simple-chat/chat": True})
    assert ticked.count("- [x]") == 1
    assert ticked.replace("- [x]", "- [ ]") == body


@pytest.mark.parametrize("language", ["ja", "en"])
def test_sticky_comment(language: str, golden: Callable[[str, str], None]) -> None:
    renderer = ReportRenderer(Renderer(TEMPLATES, language))  # type: ignore[arg-type]
    comment = renderer.comment(_report(), run_url="https://github.example/o/r/actions/runs/7")
    golden(f"deliverables/comment.{language}.md", comment)


def test_job_summary_and_json_round_trip(golden: Callable[[str, str], None]) -> None:
    report = Report(deliverables=(_report(),))
    renderer = ReportRenderer(Renderer(TEMPLATES, "en"))
    golden("deliverables/summary.en.md", renderer.markdown(report))
    assert load_report(renderer.json(report)) == report
    assert report.exit_code == 1
