"""What our workflows cost a learner in Actions jobs, decided as GitHub decides it (issue #12).

Every workflow under .github/workflows, whoever adds it, is put through a list of events:
its `on:` filters and each job's `if:` are evaluated by tests/testing/actions.py, which
fails on any trigger, filter, function or context it does not know rather than guess.
A private repository pays per started job (rounded up to the minute); a job skipped by
its `if:` is not billed. The budget is an on-track week: one push a day outside
`projects/`, one push to a deliverable, one roadmap issue closed, the weekly summary and
the seven daily schedules, at most 10 jobs (26 before issue #12).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import Any

import pytest
import yaml

from testing.actions import (
    Event,
    Unevaluable,
    cron_firings,
    evaluate,
    matrix_size,
    started_jobs,
    strict,
    triggered,
)
from testing.repo import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
REPO, OWNER = "learner/my-year", "learner"
MAIN = "refs/heads/main"
WEEK = [dt.date(2027, 1, 11) + dt.timedelta(days=n) for n in range(7)]  # Monday to Sunday
OPT_IN = {"ROADMAP_STREAK_ON_PUSH": "true"}


@functools.cache
def workflows() -> dict[str, dict[Any, Any]]:
    paths = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths}


def repository(*, is_template: bool = False) -> dict[str, Any]:
    return {"full_name": REPO, "default_branch": "main", "is_template": is_template, "private": True}


def github() -> dict[str, Any]:
    """The github context around the event (the model fails on a key not listed here)."""
    return {"repository": REPO, "repository_owner": OWNER, "actor": OWNER, "run_id": "42", "workflow": "w"}


def outputs(name: str, variables: dict[str, str], event: Event) -> dict[str, dict[str, str]]:
    """What each job hands on when it runs, as its steps decide (see the workflows)."""
    gpu = variables.get("ROADMAP_GPU_RUNNER") == "true" and (event.name != "push" or event.ref == MAIN)
    return {
        "artifacts.yml": {"check": {"saved": "true"}},  # a report is saved whenever the check ran
        "gpu.yml": {"preflight": {"run": "true" if gpu else "false"}, "train": {"saved": "true"}},
    }.get(name, {})


def jobs_for(event: Event, variables: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Workflow file -> the jobs GitHub starts for the event (workflows that start none left out)."""
    found = {}
    variables = variables or {}
    for name, workflow in workflows().items():
        if event.name == "workflow_dispatch" and event.payload.get("workflow") != name:
            continue  # a dispatch names one workflow
        inputs = event.payload.get("inputs") if event.name == "workflow_dispatch" else None
        started = started_jobs(workflow, event, github(), variables, outputs(name, variables, event), inputs)
        if started:
            found[name] = started
    return found


# -- the events -----------------------------------------------------------------------------
def push(*paths: str, ref: str = MAIN, is_template: bool = False) -> Event:
    payload = {"before": "1" * 40, "after": "2" * 40, "repository": repository(is_template=is_template)}
    return Event("push", payload, ref=ref, changed=paths)


def pull_request(*paths: str, fork: bool, action: str = "opened") -> Event:
    head = "stranger/my-year" if fork else REPO
    payload = {
        "action": action,
        "pull_request": {
            "base": {"ref": "main", "sha": "1" * 40},
            "head": {"ref": "topic", "sha": "2" * 40, "repo": {"full_name": head}},
        },
        "repository": repository(),
    }
    return Event("pull_request", payload, ref="refs/pull/7/merge", changed=paths)


def issue(action: str, *labels: str, is_template: bool = False, author: str = "OWNER") -> Event:
    payload = {
        "action": action,
        "issue": {
            "number": 12,
            "state": "closed" if action == "closed" else "open",
            "author_association": author,
        },
        "repository": repository(is_template=is_template),
    }
    payload["issue"]["labels"] = [{"name": label} for label in labels]
    return Event("issues", payload, ref=MAIN)


def comment(*labels: str) -> Event:
    payload = {
        "action": "created",
        "issue": {"number": 12, "state": "open", "labels": [{"name": label} for label in labels]},
        "comment": {"id": 1, "user": {"login": OWNER}, "author_association": "OWNER", "body": "hi"},
        "repository": repository(),
    }
    return Event("issue_comment", payload, ref=MAIN)


def schedule(cron: str) -> Event:
    # GitHub's schedule payload carries the cron string; model the least it may carry.
    return Event("schedule", {"schedule": cron}, ref=MAIN, schedule=cron)


def dispatch(name: str, **inputs: str) -> Event:
    payload = {"workflow": name, "inputs": inputs, "ref": MAIN, "repository": repository()}
    return Event("workflow_dispatch", payload, ref=MAIN)


def crons() -> list[tuple[str, str]]:
    """Every (workflow, cron) pair of every workflow's `on.schedule`."""
    found = []
    for name, workflow in workflows().items():
        on = workflow.get("on", workflow.get(True)) or {}
        found += [(name, entry["cron"]) for entry in (on.get("schedule") or []) if isinstance(on, dict)]
    return found


def on_track_week() -> list[Event]:
    """One push a day outside projects/, one push to a deliverable, one roadmap issue closed,
    and every schedule that fires in the week (the daily runs and the weekly summary)."""
    events = [push(f"notes/{day.isoformat()}.md") for day in WEEK]
    events.append(push("projects/p1-d01-simple-chat/simple_chat.py"))
    events.append(issue("closed", "roadmap", "phase:p1"))
    for day in WEEK:
        for cron in sorted({cron for _, cron in crons()}):
            events += [schedule(cron)] * cron_firings(cron, day)
    return events


def billed(events: list[Event], variables: dict[str, str] | None = None) -> Counter[str]:
    jobs: Counter[str] = Counter()
    for event in events:
        for name, started in jobs_for(event, variables).items():
            for job in started:  # a matrix job is billed once per combination
                jobs[f"{name}:{job}"] += matrix_size(workflows()[name]["jobs"][job])
    return jobs


# -- the budget -----------------------------------------------------------------------------
def test_an_on_track_week_costs_at_most_ten_billed_jobs() -> None:
    jobs = billed(on_track_week())
    assert jobs == {
        "daily.yml:daily": 7,  # streak, graduation fallback and (Mondays) the weekly summary
        "artifacts.yml:check": 1,
        "artifacts.yml:publish": 1,
        "graduation.yml:graduate": 1,
    }
    assert sum(jobs.values()) <= 10


def test_one_scheduled_job_a_day() -> None:
    for day in WEEK:
        fired = [cron for cron in {c for _, c in crons()} for _ in range(cron_firings(cron, day))]
        started = [j for cron in fired for j in jobs_for(schedule(cron)).items()]
        assert len(started) == 1, (day, started)
        assert started[0][1] == ["daily"], (day, started)


def test_the_push_opt_in_costs_one_job_per_push() -> None:
    without, with_opt_in = billed(on_track_week()), billed(on_track_week(), OPT_IN)
    assert with_opt_in - without == {"daily.yml:streak": 8}


# -- event by event -------------------------------------------------------------------------
DELIVERABLE = "projects/p1-d01-simple-chat/simple_chat.py"
CASES = [
    ("push outside projects/", push("README.md"), {}, {}),
    ("push outside projects/, opted in", push("README.md"), OPT_IN, {"daily.yml": ["streak"]}),
    (
        "push to another branch, opted in",
        push("a.md", ref="refs/heads/topic"),
        OPT_IN,
        {"daily.yml": ["streak"]},
    ),
    ("push of a tag, opted in", push("a.md", ref="refs/tags/v1"), OPT_IN, {}),
    ("push to a deliverable", push(DELIVERABLE), {}, {"artifacts.yml": ["check", "publish"]}),
    (
        "push to a phase 3 deliverable, no GPU runner",
        push("projects/p3-d02-lora-own-data/RESULTS.md"),
        {},
        {"artifacts.yml": ["check", "publish"], "gpu.yml": ["preflight"]},
    ),
    (
        "push to a phase 3 deliverable, GPU runner",
        push("projects/p3-d02-lora-own-data/RESULTS.md"),
        {"ROADMAP_GPU_RUNNER": "true"},
        {"artifacts.yml": ["check", "publish"], "gpu.yml": ["preflight", "train", "comment"]},
    ),
    ("a fork's pull request", pull_request(DELIVERABLE, fork=True), {}, {"artifacts.yml": ["check"]}),
    (
        "a branch's pull request",
        pull_request(DELIVERABLE, fork=False),
        {},
        {"artifacts.yml": ["check", "publish"]},
    ),
    ("a pull request closed", pull_request(DELIVERABLE, fork=False, action="closed"), {}, {}),
    ("a pull request outside projects/", pull_request("README.md", fork=False), OPT_IN, {}),
    ("a roadmap issue closed", issue("closed", "roadmap"), {}, {"graduation.yml": ["graduate"]}),
    ("a roadmap issue reopened", issue("reopened", "roadmap"), {}, {}),
    ("another issue closed", issue("closed", "streak-reminder"), {}, {}),
    ("an issue opened", issue("opened"), {}, {}),
    ("a learning log opened", issue("opened", "learning-log"), {}, {}),
    ("a comment", comment("roadmap"), {}, {}),
    ("your stuck report", issue("opened", "stuck"), {}, {"stuck.yml": ["reply"]}),
    ("a stranger's stuck report", issue("opened", "stuck", author="NONE"), {}, {}),
    ("the template: push, opted in", push("README.md", is_template=True), OPT_IN, {}),
    ("the template: a roadmap issue closed", issue("closed", "roadmap", is_template=True), {}, {}),
    ("the template: a deliverable", push(DELIVERABLE, is_template=True), {}, {}),
    ("daily by hand", dispatch("daily.yml"), {}, {"daily.yml": ["daily"]}),
    ("weekly by hand", dispatch("weekly.yml", week="2027-W03"), {}, {"weekly.yml": ["summary"]}),
    ("graduation by hand", dispatch("graduation.yml"), {}, {"graduation.yml": ["graduate"]}),
    ("artifacts by hand", dispatch("artifacts.yml"), {}, {"artifacts.yml": ["check", "publish"]}),
]


@pytest.mark.parametrize(
    ("event", "variables", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_jobs_each_event_starts(
    event: Event, variables: dict[str, str], expected: dict[str, list[str]]
) -> None:
    assert jobs_for(event, variables) == expected


def test_every_workflow_decides_every_event_without_guessing() -> None:
    """New workflows included: each is evaluated for every event and variable set here."""
    events = [case[1] for case in CASES] + on_track_week()
    events += [dispatch(name) for name in workflows()]
    for variables in ({}, OPT_IN, {"ROADMAP_GPU_RUNNER": "true", **OPT_IN}):
        for event in events:
            jobs_for(event, variables)  # raises Unevaluable on anything it cannot decide


# -- the model itself -----------------------------------------------------------------------
GITHUB = strict({"event_name": "push", "event": {"issue": {"labels": [{"name": "Roadmap"}]}}, "ref": MAIN})
CONTEXTS = {"github": GITHUB, "vars": {"FLAG": "true", "N": "3"}, "inputs": {}}
EXPRESSIONS = [
    ("${{ github.event_name == 'PUSH' }}", True),  # strings compare ignoring case
    ("github.event_name != 'push' && 'x'", False),
    ("vars.MISSING || 'fallback'", "fallback"),
    ("vars.FLAG == 'true' && vars.N", "3"),  # && returns its operand
    ("contains(github.event.issue.labels.*.name, 'roadmap')", True),
    ("contains(github.event.issue.labels.*.name, 'road')", False),  # arrays: whole items
    ("contains('Hello', 'ELL')", True),
    ("startsWith(github.ref, 'refs/heads/') && endsWith(github.ref, 'MAIN')", True),
    ("fromJSON(vars.N) > 2 && fromJSON('[1, 2]')[1] == 2", True),
    ("format('{0}-{{x}}', 'a') == 'a-{x}'", True),
    ("!github.event.repository.is_template", True),  # absent: null, falsy
    ("vars.N == 3 && '0x10' == 16 && null == 0 && !''", True),
    ("!cancelled() && (always() || failure())", True),
    ("join(github.event.issue.labels.*.name, '+')", "Roadmap"),
]


@pytest.mark.parametrize(("expression", "expected"), EXPRESSIONS)
def test_expressions_evaluate_as_github_does(expression: str, expected: object) -> None:
    assert evaluate(expression, CONTEXTS)[0] == expected


@pytest.mark.parametrize(
    "expression",
    [
        "hashFiles('uv.lock') != ''",  # a function the model does not know
        "secrets.TOKEN != ''",  # a context the model was not given
        "github.run_attempt == 1",  # a github key the model does not hold
        "github.event_name == 'push' ? 1 : 2",  # not GitHub's syntax
        "${{ true }} && ${{ false }}",
        "contains(github.event_name, 'p'",
    ],
)
def test_the_model_fails_on_what_it_cannot_evaluate(expression: str) -> None:
    with pytest.raises(Unevaluable):
        evaluate(expression, CONTEXTS)


@pytest.mark.parametrize(
    ("on", "event", "expected"),
    [
        ({"push": {"paths": ["projects/**"]}}, push("projects/a/b/c.py"), True),
        ({"push": {"paths": ["projects/*"]}}, push("projects/a/b.py"), False),
        ({"push": {"paths": ["projects/**", "!projects/**/*.md"]}}, push("projects/a/R.md"), False),
        ({"push": {"paths-ignore": ["docs/**"]}}, push("docs/a.md", "src/b.py"), True),
        ({"push": {"paths-ignore": ["docs/**"]}}, push("docs/a.md"), False),
        ({"push": {"branches": ["main"]}}, push("a", ref="refs/heads/topic"), False),
        ({"push": {"branches": ["**"]}}, push("a", ref="refs/heads/feat/x"), True),
        ({"push": {"branches-ignore": ["dependabot/**"]}}, push("a", ref="refs/heads/dependabot/x"), False),
        ({"issues": {"types": ["closed"]}}, issue("reopened"), False),
        ({"pull_request": None}, pull_request("a", fork=True, action="labeled"), False),
        ({"schedule": [{"cron": "0 21 * * *"}]}, schedule("0 21 * * *"), True),
        ({"schedule": [{"cron": "0 21 * * *"}]}, schedule("0 7 * * 1"), False),
    ],
)
def test_on_filters(on: dict[str, Any], event: Event, expected: bool) -> None:
    assert triggered({"on": on}, event) is expected


@pytest.mark.parametrize(
    "on",
    [{"merge_group": None}, {"push": {"path": ["x"]}}, {"push": {"paths": ["a"], "paths-ignore": ["b"]}}],
)
def test_on_filters_the_model_does_not_know_fail(on: dict[str, Any]) -> None:
    with pytest.raises(Unevaluable):
        triggered({"on": on}, push("a"))


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        (None, 1),
        ({"matrix": {"shard": [1, 2, 3, 4]}}, 4),
        ({"matrix": {"os": ["a", "b"], "py": ["3.11", "3.12"]}}, 4),
        ({"matrix": {"os": ["a"], "include": [{"os": "a", "x": 1}, {"os": "c"}]}}, 2),
    ],
)
def test_matrix_size(strategy: dict[str, Any] | None, expected: int) -> None:
    assert matrix_size({} if strategy is None else {"strategy": strategy}) == expected


@pytest.mark.parametrize(
    "strategy", [{"matrix": "${{ fromJSON(vars.M) }}"}, {"matrix": {"a": [1], "exclude": [{"a": 1}]}}]
)
def test_matrix_the_model_cannot_count_fails(strategy: dict[str, Any]) -> None:
    with pytest.raises(Unevaluable):
        matrix_size({"strategy": strategy})


@pytest.mark.parametrize(
    ("cron", "day", "expected"),
    [
        ("0 21 * * *", WEEK[0], 1),
        ("0 7 * * 1", WEEK[0], 1),
        ("0 7 * * 1", WEEK[1], 0),
        ("0 21 * * 0,2-6", WEEK[6], 1),  # Sunday
        ("*/30 9-10 * * *", WEEK[2], 4),
        ("0 0 1 * *", WEEK[0], 0),
    ],
)
def test_cron_firings(cron: str, day: dt.date, expected: int) -> None:
    assert cron_firings(cron, day) == expected


def test_a_cohort_week_is_billed_only_where_a_cohort_file_is_configured() -> None:
    """cohort.yml (a teacher's repository): four read slices and one publish on Mondays."""
    cohort = {"ROADMAP_COHORT_FILE": "cohort.yaml"}
    assert billed(on_track_week(), cohort) - billed(on_track_week()) == {
        "cohort.yml:read": 4,
        "cohort.yml:publish": 1,
    }
