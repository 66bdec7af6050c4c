"""The bots' workflows: thin, least privilege, pinned, guarded, in the learner's time zone."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from llm_roadmap.bots.doctor import WORKFLOWS, schedule_zones
from llm_roadmap.model.load import load_all
from testing.repo import REPO_ROOT

if TYPE_CHECKING:
    from pathlib import Path

PATHS = [REPO_ROOT / path for path in WORKFLOWS]
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"uses: \S+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def jobs(path: Path) -> dict[str, dict[str, Any]]:
    return load(path)["jobs"]


def test_the_schedules_use_the_configs_time_zone() -> None:
    """Fails when roadmap/config.yaml's timezone and the workflows' schedules disagree."""
    _, config = load_all(REPO_ROOT)
    for path in PATHS:
        assert all(zone == config.timezone for zone in schedule_zones(path.read_text(encoding="utf-8"))), path
    # daily.yml: the evening run, Monday's apart (it also writes the weekly summary);
    # weekly.yml runs by hand only (issue #12: one scheduled job a day).
    assert schedule_zones(PATHS[0].read_text(encoding="utf-8")) == (config.timezone, config.timezone)
    assert schedule_zones(PATHS[1].read_text(encoding="utf-8")) == ()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_least_privilege_and_limits(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}
    assert "workflow_dispatch" in data[True]  # YAML 1.1 reads the key `on` as true
    for name, job in jobs(path).items():
        assert job["permissions"] == {"contents": "read", "issues": "write"}, name
        assert 1 <= job["timeout-minutes"] <= 15, name
        assert job["concurrency"]["cancel-in-progress"] is False, name
        assert job["concurrency"]["group"].startswith("roadmap-"), name
        assert "!github.event.repository.is_template" in job["if"], name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_actions_are_pinned_and_runs_take_no_expressions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for line in (line.strip() for line in text.splitlines()):
        if line.startswith(("- uses:", "uses:")):
            assert VERSION_COMMENT.search(line), line
    for job in jobs(path).values():
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), step["uses"]
                if step["uses"].startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
            if "run" in step:
                assert "${{" not in step["run"], step["run"]
                assert step["run"].startswith("uv run --frozen --no-dev roadmap ")


def test_the_commands_the_workflows_run_exist() -> None:
    runs = [
        step["run"] for path in PATHS for job in jobs(path).values() for step in job["steps"] if "run" in step
    ]
    assert {run.split()[5] for run in runs} == {"daily", "weekly", "graduate", "stuck"}


# Linting every workflow (actionlint, zizmor, check-jsonschema): tests/deliverables/test_workflows.py


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_bot_run_takes_now_from_an_input_or_a_variable(path: Path) -> None:
    """`--now` reaches each command through `env:` (never `${{ }}` in the script)."""
    data = load(path)
    assert data[True]["workflow_dispatch"]["inputs"]["now"]["required"] is False
    for job in jobs(path).values():
        steps = [step for step in job["steps"] if "run" in step]
        assert steps
        for step in steps:
            assert step["env"]["NOW"] == "${{ inputs.now || vars.ROADMAP_NOW }}"
            assert step["run"].endswith(' ${NOW:+--now "$NOW"}')


def test_one_scheduled_job_runs_the_streak_graduation_and_the_monday_summary() -> None:
    """Issue #12: one billed job a day; the push job only when the learner opts in."""
    daily = jobs(REPO_ROOT / ".github/workflows/daily.yml")
    commands = [step["run"].split()[5] for step in daily["daily"]["steps"] if "run" in step]
    assert commands == ["daily", "graduate", "weekly"]
    [weekly] = [step for step in daily["daily"]["steps"] if "roadmap weekly" in step.get("run", "")]
    mondays = [s["cron"] for s in load(REPO_ROOT / ".github/workflows/daily.yml")[True]["schedule"]]
    assert weekly["if"] == f"${{{{ !cancelled() && github.event.schedule == '{mondays[1]}' }}}}"
    assert mondays == ["0 21 * * 0,2-6", "0 21 * * 1"]
    assert "github.event_name != 'push'" in daily["daily"]["if"]
    assert "vars.ROADMAP_STREAK_ON_PUSH == 'true'" in daily["streak"]["if"]
