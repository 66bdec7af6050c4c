"""The issue forms: valid for GitHub, in step with the roadmap, and readable by the weekly bot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from llm_roadmap.bots.learning_log import FIELDS, NO_RESPONSE, parse_log
from llm_roadmap.model.load import load_roadmap
from llm_roadmap.snapshot import Issue
from testing.repo import REPO_ROOT

FORMS = REPO_ROOT / ".github" / "ISSUE_TEMPLATE"


def form(name: str) -> dict[str, Any]:
    data = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def fields(name: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in form(name)["body"] if "id" in item}


def _check(schema: str, *paths: Path) -> None:
    tool = shutil.which("check-jsonschema") or shutil.which(
        "check-jsonschema", path=str(Path(sys.executable).parent)
    )
    assert tool, "check-jsonschema is a dev dependency"
    result = subprocess.run(
        [tool, "--builtin-schema", schema, *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_forms_are_valid_issue_forms() -> None:
    _check(
        "vendor.github-issue-forms", *(FORMS / n for n in ("learning-log.yml", "stuck.yml", "submission.yml"))
    )
    _check("vendor.github-issue-config", FORMS / "config.yml")


def test_each_form_applies_its_label() -> None:
    assert form("learning-log.yml")["labels"] == ["learning-log"]
    assert form("stuck.yml")["labels"] == ["stuck"]
    assert form("submission.yml")["labels"] == ["submission"]


def test_the_learning_log_is_the_sources_template_and_the_bot_reads_it() -> None:
    roadmap = load_roadmap(REPO_ROOT)
    found = fields("learning-log.yml")
    labels = [item["attributes"]["label"] for item in found.values()]
    for section in roadmap.guide.learning_log.sections:
        assert f"{section.heading.ja} / {section.heading.en}" in labels
    for name, words in FIELDS.items():
        label = found[{"date": "date", "hours": "hours", "cost": "api-cost"}[name]]["attributes"][
            "label"
        ].casefold()
        assert any(word in label for word in words), (name, label)
    # The Markdown GitHub writes for this form, as the weekly bot receives it.
    answers = {"date": "2027/01/12", "hours": "2", "api-cost": NO_RESPONSE}
    body = "\n\n".join(
        f"### {item['attributes']['label']}\n\n{answers.get(key, '- x')}" for key, item in found.items()
    )
    log = parse_log(Issue(1, "log", body, "open", labels=("learning-log",)), ZoneInfo("UTC"))
    assert (str(log.date), str(log.hours), log.cost, log.problems) == ("2027-01-12", "2", None, ())


def test_the_stuck_form_holds_the_sources_three_checklists() -> None:
    roadmap = load_roadmap(REPO_ROOT)
    found = fields("stuck.yml")
    for checklist in roadmap.guide.stuck:
        item = found[checklist.id.removeprefix("stuck.")]
        assert item["attributes"]["label"] == f"{checklist.title.ja} / {checklist.title.en}"
        options = [o["label"] for o in item["attributes"]["options"]]
        assert options == [f"{i.text.ja} / {i.text.en}" for i in checklist.items]


def test_the_submission_form_lists_every_deliverable() -> None:
    roadmap = load_roadmap(REPO_ROOT)
    options = fields("submission.yml")["deliverable"]["attributes"]["options"]
    assert options == [f"{d.id}: {d.title.ja} / {d.title.en}" for _, d in roadmap.deliverables()]
