"""Contract tests: `scripts/bootstrap` against the fake GitHub server, over real HTTP.

PyGithub talks to the loopback server; every REST call is checked against GitHub's
OpenAPI description and every GraphQL document against GitHub's schema (the fixture
fails the test on any violation).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

from llm_roadmap import ownership
from llm_roadmap.settings import Settings
from llm_roadmap.workspace import Workspace
from testing.repo import copy_repo, invoke, replace_once

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from click.testing import Result

    from llm_roadmap.plan.desired import Desired
    from testing.fake_github import FakeGitHub

OWNER, NAME = "octocat", "my-year"
REPO = f"{OWNER}/{NAME}"
TOKEN = "ghp_bootstrap_test_token"

# A smaller year for the crash-at-every-write test: 3 skills, 2 deliverables kept.
KEEP = {
    "p1.w1-4.python-basics",
    "p1.w1-4.llm-api-basics",
    "p2.m4.embeddings",
    "p1.d01.simple-chat",
    "p3.d03.production-system",
}


def env(gh: FakeGitHub, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_API_URL": gh.api_url,
        "GITHUB_GRAPHQL_URL": gh.graphql_url,
        "GITHUB_TOKEN": TOKEN,
        "ROADMAP_WRITE_INTERVAL": "0",
        "ROADMAP_RETRIES": "0",
        **extra,
    }


def bootstrap(root: Path, gh: FakeGitHub, *args: str, **extra: str) -> Result:
    return invoke(root, "bootstrap", "--repo", REPO, "--yes", *args, env=env(gh, **extra))


def setup(gh: FakeGitHub, *, scopes: tuple[str, ...] | None = ("repo", "project")) -> None:
    gh.add_user(OWNER, token=TOKEN, scopes=scopes)
    gh.add_repo(REPO)


def world(gh: FakeGitHub) -> dict[str, Any]:
    """Everything bootstrap made, without ids, numbers or times: two runs compare equal."""
    repo = gh.state.repo(OWNER, NAME)
    assert repo is not None
    issues = {}
    for issue in repo.issues:
        key = ownership.find_key(issue.body)
        issues[key or f"#{issue.number}"] = {
            "title": issue.title,
            "body": issue.body,
            "state": issue.state,
            "labels": sorted(label.name for label in issue.labels),
            "milestone": issue.milestone.title if issue.milestone else None,
            "parent": ownership.find_key(issue.parent.body) if issue.parent else None,
        }
    assert len(issues) == len(repo.issues), "two issues share a key"
    boards = {}
    for project in gh.state.projects_of(repo.owner):
        fields = {f.id: f for f in project.fields}
        boards[project.title] = {
            "description": project.short_description,
            "linked": [r.name for r in project.repositories],
            "fields": sorted(
                (f.name, f.data_type, tuple(o.name for o in f.options), len(f.iterations))
                for f in project.fields
            ),
            "views": sorted((v.name, v.layout) for v in project.views),
            "items": sorted(
                (
                    ownership.find_key(item.content.body),
                    tuple(sorted((fields[k].name, _value(fields[k], v)) for k, v in item.values.items())),
                )
                for item in project.items
            ),
        }
    return {
        "labels": sorted((label.name, label.color, label.description) for label in repo.labels),
        "milestones": sorted((m.title, m.description, str(m.due_on), m.state) for m in repo.milestones),
        "issues": issues,
        "boards": boards,
    }


def due_dates(gh: FakeGitHub) -> dict[str, dt.date]:
    """Each milestone's day as GitHub keeps it: midnight US Pacific time."""
    repo = gh.state.repo(OWNER, NAME)
    assert repo is not None
    days = {}
    for m in repo.milestones:
        assert m.due_on is not None
        days[m.title] = m.due_on.astimezone(ZoneInfo("America/Los_Angeles")).date()
    return days


def desired_of(root: Path) -> Desired:
    settings = Settings.from_environment(root=root, environ={})
    return Workspace.load(settings).desired("https://github.com/octocat/my-year")


def intended_due_dates(root: Path) -> dict[str, dt.date]:
    return {m.title: m.due_on for m in desired_of(root).milestones}


def _value(field: Any, value: Any) -> str:
    for option in field.options:
        if option.id == value:
            return option.name
    for iteration in field.iterations:
        if iteration.id == value:
            return iteration.title
    return str(value)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def test_full_bootstrap_then_rerun_makes_zero_writes(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output
    state = world(fake_github)
    assert len(state["issues"]) == 43
    assert sum(1 for i in state["issues"].values() if i["parent"]) == 39
    assert len(state["milestones"]) == 9
    [board] = state["boards"].values()
    assert board["linked"] == [NAME]
    custom = {name: (kind, options, iterations) for name, kind, options, iterations in board["fields"]}
    assert {
        name: custom[name] for name in ("Phase", "Kind", "Importance", "Hours", "Start", "Target", "Week")
    } == {
        "Phase": ("SINGLE_SELECT", ("Phase 1", "Phase 2", "Phase 3"), 0),
        "Kind": ("SINGLE_SELECT", ("エピック", "スキル", "成果物"), 0),
        "Importance": ("NUMBER", (), 0),
        "Hours": ("NUMBER", (), 0),
        "Start": ("DATE", (), 0),
        "Target": ("DATE", (), 0),
        "Week": ("ITERATION", (), 53),  # a year of weeks from the start date
    }
    assert custom["Status"][1] == ("Todo", "In Progress", "Done")  # GitHub's own, never changed
    assert len(board["items"]) == 42  # 3 epics and 39 tasks; the dashboard is not an item
    assert {("フェーズ別", "table"), ("ボード", "board"), ("ロードマップ", "roadmap")} <= set(board["views"])
    assert "📊 ダッシュボード: https://github.com/octocat/my-year/issues/1\n" in result.output
    assert due_dates(fake_github) == intended_due_dates(root)
    assert "🗂  Projectsボード: https://github.com/users/octocat/projects/1\n" in result.output

    writes = len(fake_github.writes)
    requests = len(fake_github.requests)
    again = bootstrap(root, fake_github)
    assert again.exit_code == 0, again.output
    assert len(fake_github.writes) == writes
    assert len(fake_github.requests) - requests <= 10
    assert world(fake_github) == state


def test_a_new_start_date_moves_the_dates_and_nothing_else(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    assert bootstrap(root, fake_github).exit_code == 0
    before = world(fake_github)
    replace_once(root, "roadmap/config.yaml", "start_date: 2027-01-04", "start_date: 2027-02-01")
    writes = len(fake_github.writes)
    assert bootstrap(root, fake_github).exit_code == 0
    after = world(fake_github)
    assert [m[2] for m in after["milestones"]] != [m[2] for m in before["milestones"]]
    assert min(m[2] for m in after["milestones"]) > min(m[2] for m in before["milestones"])
    [old_board], [new_board] = before["boards"].values(), after["boards"].values()
    starts = {key: dict(values)["Start"] for key, values in new_board["items"]}
    assert starts["p1.w1-4.python-basics"] == "2027-02-01"
    assert {k: v["title"] for k, v in after["issues"].items()} == {
        k: v["title"] for k, v in before["issues"].items()
    }
    assert after["labels"] == before["labels"]
    assert new_board["fields"] == old_board["fields"]
    # The Week iterations moved with the start date, and every item has its week again.
    [project] = fake_github.state.projects
    [week] = [f for f in project.fields if f.name == "Week"]
    assert (week.iterations[0].title, str(week.iterations[0].start_date)) == ("Week 1", "2027-02-01")
    assert all("Week" in dict(values) for _, values in new_board["items"])
    assert [dict(v)["Week"] for _, v in new_board["items"]] == [
        dict(v)["Week"] for _, v in old_board["items"]
    ]
    # Milestones, bodies (they show dates) and the Start/Target/Week values: nothing more.
    moved = fake_github.writes[writes:]
    assert {r.operation for r in moved} <= {"issues/update-milestone", "issues/update", "graphql"}
    settled = len(fake_github.writes)
    assert bootstrap(root, fake_github).exit_code == 0
    assert len(fake_github.writes) == settled


def test_weeks_that_have_ended_are_still_found(root: Path, fake_github: FakeGitHub) -> None:
    """Months into the year GitHub lists past weeks under completedIterations; new items
    that belong to those weeks still get their Week."""
    setup(fake_github)
    fake_github.state.clock.set("2027-06-01T00:00:00Z")
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output
    assert "could not set" not in result.output
    [board] = world(fake_github)["boards"].values()
    weeks = {key: dict(values).get("Week") for key, values in board["items"]}
    assert weeks["p1.w1-4.python-basics"] == "Week 1"
    writes = len(fake_github.writes)
    assert bootstrap(root, fake_github).exit_code == 0
    assert len(fake_github.writes) == writes


def test_polite_pacing_spaces_writes(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    result = bootstrap(root, fake_github, "--no-project", ROADMAP_WRITE_INTERVAL="0.02")
    assert result.exit_code == 0, result.output
    times = [r.time for r in fake_github.writes]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.015


def test_learner_edits_survive_a_resync(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    assert bootstrap(root, fake_github).exit_code == 0
    repo = fake_github.state.repo(OWNER, NAME)
    assert repo is not None
    by_key = {ownership.find_key(i.body): i for i in repo.issues}
    skill = by_key["p1.w1-4.python-basics"]
    skill.body = skill.body.replace("- [ ]", "- [x]", 1) + "\n\nメモ: uv を使った\n"
    skill.title = "Python基礎 (done quickly)"
    closed = by_key["p1.w1-4.llm-api-basics"]
    closed.state, closed.state_reason = "closed", "completed"
    closed_body = closed.body
    mine = fake_github.add_label(REPO, "my-own", color="123456")
    skill.labels.append(mine)

    replace_once(root, "roadmap/phases/p1.yaml", "hours: 20", "hours: 25")
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output

    assert skill.title == "Python基礎 (done quickly)"
    assert "- [x]" in skill.body
    assert skill.body.endswith("メモ: uv を使った\n")
    assert "25" in ownership.managed_part(skill.body)
    assert "my-own" in [label.name for label in skill.labels]
    assert closed.state == "closed"
    assert closed.body == closed_body


def small_year(tmp_path: Path) -> Path:
    """A copy whose config skips every item but KEEP."""
    root = copy_repo(tmp_path / "repo")
    config = (root / "roadmap/config.yaml").read_text(encoding="utf-8")
    skip = [k for k in _all_item_ids(root) if k not in KEEP]
    (root / "roadmap/config.yaml").write_text(
        config.replace("skip: []", "skip:\n" + "".join(f"  - {k}\n" for k in skip)), encoding="utf-8"
    )
    return root


def test_crash_after_every_write_then_rerun_matches_clean_run(tmp_path: Path) -> None:
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    with FakeGitHub() as clean:
        setup(clean)
        assert bootstrap(root, clean).exit_code == 0
        expected = world(clean)
        total = len(clean.writes)
        assert not clean.violations
    assert total > 40
    for mode in ("503", "lost"):
        for k in range(1, total):
            with FakeGitHub() as gh:
                setup(gh)
                gh.die_after_writes(k, mode=mode)  # type: ignore[arg-type]
                crashed = bootstrap(root, gh)
                assert crashed.exit_code == 3, (mode, k, crashed.output)
                assert "run the same command again" in crashed.output
                gh.revive()
                resumed = bootstrap(root, gh)
                assert resumed.exit_code == 0, (mode, k, resumed.output)
                assert world(gh) == expected, (mode, k)
                assert not gh.violations, gh.violations


def _all_item_ids(root: Path) -> list[str]:
    from testing.repo import load

    loaded = load(root)
    return sorted(loaded.roadmap.skill_ids | {d.id for _, d in loaded.roadmap.deliverables()})


def test_no_project_scope_creates_the_rest_and_explains(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github, scopes=("repo",))
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output
    assert "cannot use Projects" in result.output
    assert "'project'" in result.output
    state = world(fake_github)
    assert len(state["issues"]) == 43
    assert state["boards"] == {}


def test_bad_token_is_explained(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    result = bootstrap(root, fake_github, GITHUB_TOKEN="wrong")
    assert result.exit_code == 3
    assert "HTTP 401" in result.output
    assert "the token was rejected" in result.output
    assert fake_github.writes == []


def test_missing_repo_is_explained(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 3
    assert "HTTP 404" in result.output
    assert "check --repo" in result.output


def test_template_repository_is_refused(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN)
    fake_github.add_repo(REPO, is_template=True)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 2
    assert "the template repository itself" in result.output
    assert fake_github.writes == []


def test_no_push_permission_is_explained(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN)
    fake_github.add_user("reader", token="ghp_reader")
    fake_github.add_repo(REPO, push=False)
    result = bootstrap(root, fake_github, GITHUB_TOKEN="ghp_reader")
    assert result.exit_code == 3, result.output
    assert "cannot push" in result.output
    assert fake_github.writes == []


def test_missing_token_is_a_usage_error(
    root: Path, fake_github: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")  # no `gh` to ask
    setup(fake_github)
    result = invoke(root, "bootstrap", "--repo", REPO, "--yes", env={**env(fake_github), "GITHUB_TOKEN": ""})
    assert result.exit_code == 2
    assert "no GitHub token" in result.output


def test_secondary_rate_limit_is_waited_out(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.fail_next(
        "POST",
        r"^/repos/.*/labels$",
        status=403,
        headers={"Retry-After": "1"},
        body={
            "message": "You have exceeded a secondary rate limit."
            " Please wait a few minutes before you try again."
        },
    )
    result = bootstrap(root, fake_github, "--no-project", ROADMAP_RETRIES="2")
    assert result.exit_code == 0, result.output
    posts = [r for r in fake_github.requests if r.method == "POST" and r.path.endswith("/labels")]
    assert posts[0].status == 403
    assert (posts[1].time - posts[0].time).total_seconds() >= 0.9


def test_graphql_rate_limit_is_retried(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.graphql_rate_limit_next(1)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output
    assert len(world(fake_github)["boards"]) == 1


def test_server_errors_give_up_with_a_clear_message(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.fail_next("POST", r"^/repos/.*/milestones$", status=502, times=10)
    result = bootstrap(root, fake_github, ROADMAP_RETRIES="2")
    assert result.exit_code == 3
    assert "run the same command again" in result.output
    assert "Traceback" not in result.output


def test_close_removed_closes_as_not_planned(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    assert bootstrap(root, fake_github).exit_code == 0
    config = root / "roadmap/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("skip: []", "skip: [p1.w1-4.python-basics]"),
        encoding="utf-8",
    )
    left = bootstrap(root, fake_github)
    assert left.exit_code == 0
    assert "--close-removed" in left.output
    closed = bootstrap(root, fake_github, "--close-removed")
    assert closed.exit_code == 0, closed.output
    issue = world(fake_github)["issues"]["p1.w1-4.python-basics"]
    assert issue["state"] == "closed"
    repo = fake_github.state.repo(OWNER, NAME)
    assert repo is not None
    [raw] = [i for i in repo.issues if ownership.find_key(i.body) == "p1.w1-4.python-basics"]
    assert raw.state_reason == "not_planned"


def test_the_safety_brake_refuses_to_close_many_issues_at_once(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    assert bootstrap(root, fake_github).exit_code == 0
    config = root / "roadmap/config.yaml"
    skipped = "[p1.w1-4.python-basics, p1.w1-4.llm-api-basics, p1.w1-4.prompt-engineering]"
    config.write_text(
        config.read_text(encoding="utf-8").replace("skip: []", f"skip: {skipped}"), encoding="utf-8"
    )
    before = len(fake_github.writes)
    refused = bootstrap(root, fake_github, "--close-removed", "--max-close", "2")
    assert refused.exit_code == 4
    assert refused.stderr == (
        "error: --close-removed would close 3 issues, more than --max-close 2\n"
        "  hint: check roadmap/ and skip: in roadmap/config.yaml;"
        " if you mean it, run again with --max-close 3\n"
    )
    assert len(fake_github.writes) == before, "the brake acts before any write"
    assert bootstrap(root, fake_github, "--close-removed", "--max-close", "3").exit_code == 0
    states = {k: v["state"] for k, v in world(fake_github)["issues"].items()}
    assert [k for k, state in states.items() if state == "closed"] == [
        "p1.w1-4.python-basics",
        "p1.w1-4.llm-api-basics",
        "p1.w1-4.prompt-engineering",
    ]


# -- lost answers: GitHub applied the write, the answer never came -----------------------
def clean_world(root: Path) -> tuple[dict[str, Any], list[str]]:
    """What one undisturbed run makes, and what each of its writes is (operation, fields)."""
    from testing.fake_github import FakeGitHub

    with FakeGitHub() as clean:
        setup(clean)
        assert bootstrap(root, clean).exit_code == 0
        assert not clean.violations
        return world(clean), [
            f"{r.operation} {' '.join(sorted(set(r.graphql_fields)))}" for r in clean.writes
        ]


@pytest.mark.parametrize("status", [502, None], ids=["502", "connection-reset"])
def test_a_lost_answer_at_every_write_makes_no_duplicates(
    root: Path, fake_github: FakeGitHub, status: int | None
) -> None:
    """Every write of a full bootstrap is applied by GitHub and its answer lost, once.

    The fake answers a repeat of the same request for real, so a blind re-POST would show
    up as a second issue, label, milestone, field or view (or a 422 for a name taken)."""
    expected, writes = clean_world(root)
    setup(fake_github)
    fake_github.lose_answers(status=status)
    result = bootstrap(root, fake_github, ROADMAP_RETRIES="2")
    assert result.exit_code == 0, result.output
    assert len(fake_github.lost_answers) == len(writes)  # every write of a clean run (88)
    assert world(fake_github) == expected
    done = len(fake_github.writes)
    assert bootstrap(root, fake_github).exit_code == 0
    assert len(fake_github.writes) == done


def test_a_lost_answer_at_one_write_alone_makes_no_duplicate(tmp_path: Path) -> None:
    """One lost answer, the other writes answered normally: at the first and the last write
    of each kind (a label, a milestone, an issue, a link, the board, a field, a view, the
    items, the values) of the smaller year. Every write is covered by the test above."""
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    expected, writes = clean_world(root)
    first = {kind: writes.index(kind) for kind in writes}
    last = {kind: len(writes) - 1 - writes[::-1].index(kind) for kind in writes}
    positions = sorted(set(first.values()) | set(last.values()))
    assert len(first) >= 9
    for k in (n + 1 for n in positions):
        with FakeGitHub() as gh:
            setup(gh)
            gh.lose_answers(at=k)
            result = bootstrap(root, gh, ROADMAP_RETRIES="1")
            assert result.exit_code == 0, (k, result.output)
            assert len(gh.lost_answers) == 1, k
            assert world(gh) == expected, k
            assert not gh.violations, gh.violations


def test_a_write_that_was_not_applied_is_sent_again(root: Path, fake_github: FakeGitHub) -> None:
    """A 502 before GitHub applied anything: the read-back finds nothing, so the write is sent."""
    setup(fake_github)
    fake_github.fail_next("POST", r"^/graphql$", status=502, containing="createIssue")
    fake_github.fail_next("POST", r"^/graphql$", status=502)
    result = bootstrap(root, fake_github, "--no-project", ROADMAP_RETRIES="2")
    assert result.exit_code == 0, result.output
    assert sum(1 for r in fake_github.requests if r.injected) == 2
    assert len(world(fake_github)["issues"]) == 43


def test_lost_answers_without_retries_stop_cleanly_and_resume(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.lose_answers(at=30)
    crashed = bootstrap(root, fake_github, ROADMAP_RETRIES="0")
    assert crashed.exit_code == 3, crashed.output
    assert "run the same command again" in crashed.output
    assert "Traceback" not in crashed.output
    assert bootstrap(root, fake_github).exit_code == 0
    assert len(world(fake_github)["issues"]) == 43


# -- GitHub refuses part of the board --------------------------------------------------
def test_a_refused_field_is_named_and_everything_else_is_made(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.reserve_field_name("Hours")  # as GitHub did with Type when issue types came
    result = bootstrap(root, fake_github)
    assert result.exit_code == 5, result.output
    assert result.stderr == (
        "error: GitHub がボードの一部を受け付けませんでした。ほかはすべて作成済みです:\n"
        "  - board field 'Hours': Name cannot have a reserved value\n"
        "  hint: GitHub が組み込みフィールド用に予約している名前です。roadmap/github.yaml の board: fields:"
        " で名前を変え（views: の group_by も同じ名前に）、scripts/bootstrap をもう一度実行してください\n"
    )
    state = world(fake_github)
    assert len(state["issues"]) == 43
    [board] = state["boards"].values()
    names = {name for name, *_ in board["fields"]}
    assert {"Phase", "Kind", "Importance", "Start", "Target", "Week"} <= names
    assert "Hours" not in names
    assert len(board["views"]) == 4  # GitHub's "View 1" and our three
    assert len(board["items"]) == 42
    assert all(dict(values).get("Kind") for _, values in board["items"])
    # Renamed in roadmap/github.yaml: the next run adds just that field and its values.
    replace_once(root, "roadmap/github.yaml", "{name: Hours,", "{name: Study hours,")
    writes = len(fake_github.writes)
    again = bootstrap(root, fake_github)
    assert again.exit_code == 0, again.output
    [board] = world(fake_github)["boards"].values()
    assert "Study hours" in {name for name, *_ in board["fields"]}
    wanted = [item for item in desired_of(root).board.items if "Study hours" in dict(item.values)]
    assert sum(1 for _, values in board["items"] if "Study hours" in dict(values)) == len(wanted) > 0
    # the field, its values, and the hidden record of what was set in the issue bodies
    assert {r.operation for r in fake_github.writes[writes:]} == {"graphql", "issues/update"}


def test_a_view_whose_field_was_refused_waits_for_it(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    fake_github.reserve_field_name("phase")
    result = bootstrap(root, fake_github)
    assert result.exit_code == 5, result.output
    assert "board field 'Phase': Name cannot have a reserved value" in result.stderr
    assert "board view 'フェーズ別': フィールド 'Phase' がボードにないため作成を保留しました" in result.stderr
    [board] = world(fake_github)["boards"].values()
    assert ("フェーズ別", "table") not in board["views"]
    fake_github.state.reserved_field_names.clear()
    assert bootstrap(root, fake_github).exit_code == 0
    [board] = world(fake_github)["boards"].values()
    assert ("フェーズ別", "table") in board["views"]
