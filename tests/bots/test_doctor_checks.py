"""`roadmap doctor`'s findings from facts (pure), and reading a workflow's schedule zones."""

from __future__ import annotations

import dataclasses

import pytest

from llm_roadmap.bots.doctor import WORKFLOWS, Facts, diagnose, schedule_zones, worst

ZONES = {WORKFLOWS[0]: ("Asia/Tokyo",), WORKFLOWS[1]: ("Asia/Tokyo",), WORKFLOWS[2]: (), WORKFLOWS[3]: ()}
HEALTHY = Facts(
    repo="octocat/llm-year",
    token=True,
    token_kind="classic",
    scopes=("repo", "project"),
    repo_found=True,
    can_write=True,
    is_template=False,
    has_issues=True,
    keys_found=frozenset({"dashboard", "p1.epic"}),
    keys_expected=frozenset({"dashboard", "p1.epic"}),
    labels=frozenset({"learning-log", "stuck", "submission", "streak-reminder"}),
    workflows=dict.fromkeys(WORKFLOWS, "active"),
    project_secret=True,
    config_zone="Asia/Tokyo",
    workflow_zones=ZONES,
)


PUBLIC = {"private": False, "fork_pr_approval": "all_external_contributors"}


def ids(facts: Facts) -> list[tuple[str, str]]:
    return [(f.id, f.level) for f in diagnose(facts)]


def test_a_healthy_setup() -> None:
    assert ids(HEALTHY) == [
        ("workflow-files", "ok"),
        ("token", "ok"),
        ("bootstrap", "ok"),
        ("workflows", "ok"),
        ("project-secret", "ok"),
    ]
    assert worst(diagnose(HEALTHY)) == "ok"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"token": False}, ("token-missing", "error")),
        ({"repo": None}, ("repo-unknown", "error")),
        ({"scopes": ("public_repo",), "private": True}, ("token-scope-repo", "error")),
        ({"scopes": ("repo",)}, ("token-scope-project", "warning")),
        ({"repo_found": False}, ("repo-not-found", "error")),
        ({"can_write": False}, ("token-read-only", "error")),
        ({"is_template": True}, ("is-template", "warning")),
        ({"has_issues": False}, ("issues-disabled", "error")),
        ({"keys_found": frozenset()}, ("bootstrap-not-run", "error")),
        ({"keys_found": frozenset({"dashboard"})}, ("bootstrap-partial", "warning")),
        ({"labels": frozenset()}, ("labels-missing", "warning")),
        ({"workflows": {}}, ("workflow-not-pushed", "warning")),
        (
            {"workflows": {**dict.fromkeys(WORKFLOWS, "active"), WORKFLOWS[0]: "disabled_inactivity"}},
            ("workflow-disabled-inactivity", "error"),
        ),
        ({"workflows": dict.fromkeys(WORKFLOWS, "disabled_manually")}, ("workflow-disabled", "warning")),
        ({"workflows": None}, ("workflows-unknown", "warning")),
        ({"project_secret": False}, ("project-secret-missing", "warning")),
        ({"project_secret": None}, ("project-secret-unknown", "warning")),
        ({"workflow_zones": {**ZONES, WORKFLOWS[1]: ("UTC",)}}, ("workflow-timezone", "error")),
        ({"workflow_zones": {}}, ("workflow-file-missing", "error")),
        (PUBLIC | {"self_hosted_runners": 1}, ("self-hosted-public", "warning")),
        (PUBLIC | {"self_hosted_runners": None}, ("self-hosted-unknown", "warning")),
        # The repository lists no runner of its own, but an organisation's may serve it.
        (PUBLIC | {"self_hosted_runners": 0, "organization": True}, ("self-hosted-unknown", "warning")),
        (
            PUBLIC | {"self_hosted_runners": 1, "fork_pr_approval": "first_time_contributors"},
            ("fork-approval-weak", "warning"),
        ),
        (PUBLIC | {"self_hosted_runners": 1, "fork_pr_approval": None}, ("fork-approval-unknown", "warning")),
    ],
)
def test_each_problem_is_found(change: dict[str, object], expected: tuple[str, str]) -> None:
    found = ids(dataclasses.replace(HEALTHY, **change))  # type: ignore[arg-type]
    assert expected in found
    assert worst(diagnose(dataclasses.replace(HEALTHY, **change))) == expected[1]  # type: ignore[arg-type]


def test_self_hosted_runners_matter_only_on_a_public_repository() -> None:
    public = dataclasses.replace(HEALTHY, private=False, self_hosted_runners=0, fork_pr_approval=None)
    assert ("self-hosted-none", "ok") in ids(public)
    assert worst(diagnose(public)) == "ok"  # no runner: the approval setting cannot let a stranger in
    private = dataclasses.replace(HEALTHY, private=True, self_hosted_runners=3, fork_pr_approval=None)
    assert not [i for i, _ in ids(private) if "self-hosted" in i or "fork" in i]


def test_schedule_zones() -> None:
    text = 'on:\n  schedule:\n    - cron: "0 21 * * *"\n      timezone: Asia/Tokyo\n    - cron: "0 9 * * *"\n'
    assert schedule_zones(text) == ("Asia/Tokyo", "UTC")
    assert schedule_zones('"on":\n  issues:\n') == ()
    assert schedule_zones("on: [push") == ("?",)
