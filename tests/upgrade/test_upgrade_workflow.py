"""The monthly upgrade workflow: least privilege, pinned, full history, no expressions in
`run:`, and the commands it runs exist as written (the linters run in
tests/deliverables/test_workflows.py over every workflow)."""

from __future__ import annotations

import re
import shlex
from typing import Any

import yaml
from click.testing import CliRunner

from llm_roadmap.cli import main
from testing.repo import REPO_ROOT

PATH = REPO_ROOT / ".github/workflows/upgrade.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load() -> dict[Any, Any]:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_monthly_and_by_hand_with_least_privilege() -> None:
    workflow = load()
    assert workflow["on"]["schedule"] == [{"cron": "0 6 1 * *"}]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "!github.event.repository.is_template" in job["if"]
    assert job["concurrency"] == {"group": "roadmap-upgrade", "cancel-in-progress": False}
    assert 1 <= job["timeout-minutes"] <= 15


def test_pinned_full_history_and_no_expressions_in_run() -> None:
    [job] = load()["jobs"].values()
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    text = PATH.read_text(encoding="utf-8")
    assert [u for u in re.findall(r"uses: (.+)$", text, flags=re.MULTILINE) if not PINNED.match(u)] == []
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert all("${{" not in step.get("run", "") for step in job["steps"])
    assert len(uses) == 2


def test_the_commands_it_runs_exist_as_written() -> None:
    [job] = load()["jobs"].values()
    lines = [line.strip() for step in job["steps"] for line in step.get("run", "").splitlines()]
    commands = [
        shlex.split(line)[5:] for line in lines if line.startswith("uv run --frozen --no-dev roadmap ")
    ]
    assert commands == [["upgrade", "--push"], ["upgrade", "--push", "--skip-workflows"]]
    for args in commands:
        result = CliRunner().invoke(main, [*args, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
