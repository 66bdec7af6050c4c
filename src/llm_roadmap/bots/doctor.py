"""`roadmap doctor`: what is missing for the bots to work, and how to fix each thing.

The command gathers `Facts` (the token, the repository, the issues bootstrap made, the
workflows and their state, the local workflow files); `diagnose` turns them into
findings, each with a fix. Pure: no network here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from llm_roadmap.plan.desired import DASHBOARD_KEY

Level = Literal["ok", "warning", "error"]
WORKFLOWS = (
    ".github/workflows/daily.yml",
    ".github/workflows/weekly.yml",
    ".github/workflows/graduation.yml",
    ".github/workflows/stuck.yml",
)
PROJECT_SECRET = "ROADMAP_PROJECT_TOKEN"  # noqa: S105 - a secret's name, not its value
FORM_LABELS = ("learning-log", "stuck", "submission", "streak-reminder")
# The one fork-PR approval policy under which a stranger's workflow never runs unasked.
SAFE_APPROVAL = "all_external_contributors"


@dataclass(frozen=True)
class DoctorFinding:
    """One check: `id` names it (stable, for tests and the template's wording)."""

    id: str
    level: Level
    detail: str = ""


@dataclass(frozen=True)
class Facts:
    """What the command found out; None means "could not be checked"."""

    repo: str | None
    token: bool
    token_kind: Literal["classic", "fine-grained", "actions", "unknown"] | None = None
    scopes: tuple[str, ...] | None = None
    repo_found: bool | None = None
    can_write: bool | None = None
    is_template: bool | None = None
    has_issues: bool | None = None
    private: bool | None = None
    keys_found: frozenset[str] = frozenset()
    keys_expected: frozenset[str] = frozenset()
    labels: frozenset[str] | None = None
    workflows: dict[str, str] | None = None  # path -> state, from the Actions API
    project_secret: bool | None = None
    config_zone: str = ""
    self_hosted_runners: int | None = None  # None: the token may not read them (admin only)
    organization: bool = False  # org-owned: organisation runners are not listed per repository
    fork_pr_approval: str | None = None  # the approval_policy, None: not readable
    workflow_zones: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> zones


def diagnose(facts: Facts) -> list[DoctorFinding]:
    """Every finding, errors first within the order the checks are listed in."""
    findings = _local(facts) + _access(facts)
    if facts.repo_found:
        findings += _repository(facts) + _self_hosted(facts)
        findings += _bootstrap(facts) + _workflows(facts) + _projects(facts)
    return findings


def _local(facts: Facts) -> list[DoctorFinding]:
    findings = []
    for path in WORKFLOWS:
        zones = facts.workflow_zones.get(path)
        if zones is None:
            findings.append(DoctorFinding("workflow-file-missing", "error", path))
        elif any(zone != facts.config_zone for zone in zones):
            findings.append(DoctorFinding("workflow-timezone", "error", f"{path}: {', '.join(zones) or '-'}"))
    if not findings:
        findings.append(DoctorFinding("workflow-files", "ok", facts.config_zone))
    return findings


def _access(facts: Facts) -> list[DoctorFinding]:
    if facts.repo is None:
        return [DoctorFinding("repo-unknown", "error")]
    if not facts.token:
        return [DoctorFinding("token-missing", "error")]
    findings = []
    if facts.scopes is not None:
        needed = "repo" if facts.private else "public_repo"
        if "repo" not in facts.scopes and needed not in facts.scopes:
            findings.append(DoctorFinding("token-scope-repo", "error", needed))
        if "project" not in facts.scopes:  # bootstrap's Projects board needs it
            findings.append(DoctorFinding("token-scope-project", "warning"))
    if facts.repo_found is False:
        findings.append(DoctorFinding("repo-not-found", "error", facts.repo))
    elif facts.can_write is False:
        findings.append(DoctorFinding("token-read-only", "error", facts.repo))
    elif facts.repo_found:
        findings.append(DoctorFinding("token", "ok", facts.token_kind or "unknown"))
    return findings


def _repository(facts: Facts) -> list[DoctorFinding]:
    findings = []
    if facts.is_template:
        findings.append(DoctorFinding("is-template", "warning", facts.repo or ""))
    if facts.has_issues is False:
        findings.append(DoctorFinding("issues-disabled", "error", facts.repo or ""))
    return findings


def _self_hosted(facts: Facts) -> list[DoctorFinding]:
    """A self-hosted runner on a public repository runs what a fork PR's own workflow asks.

    The workflows' `if:` guards cover only our workflows: a fork PR may add one with
    `runs-on: [self-hosted, gpu]`, and only "Require approval for all external
    contributors" stops it before it runs (docs/gpu-runners.md). Private repositories
    receive no such pull requests from strangers.
    """
    if facts.private is not False:
        return []
    runners = facts.self_hosted_runners
    if runners == 0 and facts.organization:
        # GET /repos/{owner}/{repo}/actions/runners lists the repository's own runners only;
        # an organisation's runners may serve it too and need org admin to list.
        runners = None
    if runners == 0:
        return [DoctorFinding("self-hosted-none", "ok")]
    findings = [
        DoctorFinding("self-hosted-unknown", "warning", "organization" if facts.organization else "")
        if runners is None
        else DoctorFinding("self-hosted-public", "warning", str(runners))
    ]
    if facts.fork_pr_approval is None:
        findings.append(DoctorFinding("fork-approval-unknown", "warning"))
    elif facts.fork_pr_approval != SAFE_APPROVAL:
        findings.append(DoctorFinding("fork-approval-weak", "warning", facts.fork_pr_approval))
    return findings


def _bootstrap(facts: Facts) -> list[DoctorFinding]:
    if DASHBOARD_KEY not in facts.keys_found:
        return [DoctorFinding("bootstrap-not-run", "error")]
    missing = sorted(facts.keys_expected - facts.keys_found)
    findings = [DoctorFinding("bootstrap-partial", "warning", ", ".join(missing[:5]))] if missing else []
    if facts.labels is not None:
        absent = [name for name in FORM_LABELS if name.casefold() not in facts.labels]
        if absent:
            findings.append(DoctorFinding("labels-missing", "warning", ", ".join(absent)))
    return findings or [DoctorFinding("bootstrap", "ok", str(len(facts.keys_found)))]


def _workflows(facts: Facts) -> list[DoctorFinding]:
    if facts.workflows is None:
        return [DoctorFinding("workflows-unknown", "warning")]
    findings = []
    for path in WORKFLOWS:
        state = facts.workflows.get(path)
        if state is None:
            findings.append(DoctorFinding("workflow-not-pushed", "warning", path))
        elif state == "disabled_inactivity":
            findings.append(DoctorFinding("workflow-disabled-inactivity", "error", path))
        elif state != "active":
            findings.append(DoctorFinding("workflow-disabled", "warning", path))
    return findings or [DoctorFinding("workflows", "ok")]


def _projects(facts: Facts) -> list[DoctorFinding]:
    if facts.project_secret is None:
        return [DoctorFinding("project-secret-unknown", "warning", PROJECT_SECRET)]
    if not facts.project_secret:
        return [DoctorFinding("project-secret-missing", "warning", PROJECT_SECRET)]
    return [DoctorFinding("project-secret", "ok", PROJECT_SECRET)]


def worst(findings: list[DoctorFinding]) -> Level:
    levels = {f.level for f in findings}
    return "error" if "error" in levels else "warning" if "warning" in levels else "ok"


def schedule_zones(text: str) -> tuple[str, ...]:
    """The time zone of each `on.schedule` entry of a workflow file ("UTC" when unset).

    YAML 1.1 reads the bare key `on` as the boolean true, hence both spellings.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ("?",)
    triggers: Any = data.get("on", data.get(True)) if isinstance(data, dict) else None
    schedule = triggers.get("schedule") if isinstance(triggers, dict) else None
    if not isinstance(schedule, list):
        return ()
    return tuple(str(e.get("timezone", "UTC")) if isinstance(e, dict) else "?" for e in schedule)
