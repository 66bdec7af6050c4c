"""One write per issue (issue #12): GraphQL createIssue with labels, milestone and epic,
and the REST path an older GitHub Enterprise Server still gets, side by side."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING

import pytest

from contract.test_bootstrap import NAME, OWNER, bootstrap, desired_of, setup, small_year, world
from llm_roadmap import ownership
from testing.repo import copy_repo, invoke

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub

# What an older GitHub Enterprise Server's schema lacks (GitHub.com gained it with sub-issues).
OLD_SERVER = "CreateIssueInput.parentIssueId"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


def operations(gh: FakeGitHub) -> Counter[str]:
    return Counter(f"{r.operation} {' '.join(sorted(set(r.graphql_fields)))}".strip() for r in gh.writes)


def sub_issue_order(gh: FakeGitHub) -> dict[str, list[str]]:
    repo = gh.state.repo(OWNER, NAME)
    assert repo is not None
    return {
        str(ownership.find_key(i.body)): [str(ownership.find_key(s.body)) for s in i.sub_issues]
        for i in repo.issues
        if i.sub_issues
    }


def roadmap_order(root: Path) -> dict[str, list[str]]:
    """Each epic's children in the order the roadmap lists them."""
    out: dict[str, list[str]] = {}
    for issue in desired_of(root).issues:
        if issue.parent is not None:
            out.setdefault(issue.parent, []).append(issue.key)
    return out


def test_one_graphql_write_per_issue_under_its_epic(root: Path, fake_github: FakeGitHub) -> None:
    setup(fake_github)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 0, result.output
    ops = operations(fake_github)
    assert ops["graphql createIssue"] == 43
    assert ops["issues/create"] == ops["issues/add-sub-issue"] == 0
    assert len(fake_github.writes) <= 90  # 127 over REST
    assert "one GraphQL createIssue each" in result.output
    assert "[p1.w1-4.python-basics] ↳ p1.epic\n" in result.output  # the plan says where it goes
    state = world(fake_github)
    assert sum(1 for i in state["issues"].values() if i["parent"]) == 39
    assert all(i["labels"] and i["milestone"] for k, i in state["issues"].items() if i["parent"])
    order = sub_issue_order(fake_github)
    assert order == roadmap_order(root)
    assert order["p1.epic"][:2] == ["p1.w1-4.python-basics", "p1.w1-4.llm-api-basics"]

    requests, writes = len(fake_github.requests), len(fake_github.writes)
    again = bootstrap(root, fake_github)
    assert again.exit_code == 0, again.output
    assert len(fake_github.writes) == writes
    assert len(fake_github.requests) - requests <= 7
    assert "createIssue" not in again.output  # nothing to create: the schema is not asked


def test_an_older_server_gets_rest_and_the_same_workspace(root: Path, tmp_path: Path) -> None:
    from testing.fake_github import FakeGitHub

    with FakeGitHub() as new:
        setup(new)
        assert bootstrap(root, new).exit_code == 0
        expected, order = world(new), sub_issue_order(new)
    with FakeGitHub() as old:
        old.lack_graphql_inputs(OLD_SERVER)
        setup(old)
        result = bootstrap(root, old)
        assert result.exit_code == 0, result.output
        assert "created through REST" in result.output
        assert "lacks parentIssueId" in result.output
        ops = operations(old)
        assert ops["issues/create"] == 43
        assert ops["issues/add-sub-issue"] == 39
        assert ops["graphql createIssue"] == 0
        assert world(old) == expected
        assert sub_issue_order(old) == order
        assert not old.violations, old.violations  # parentIssueId was never sent to it


def test_a_stranger_copying_a_marker_is_not_taken_for_our_lost_issue(tmp_path: Path) -> None:
    """A createIssue that failed before GitHub applied it: the read-back looks for the key
    among the token's own issues only, so a stranger's look-alike is not adopted."""
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    with FakeGitHub() as gh:
        setup(gh)
        stranger = gh.add_issue(
            f"{OWNER}/{NAME}", "fake epic", body="<!-- roadmap:p1.epic -->", author="mallory"
        )
        gh.fail_next("POST", r"^/graphql$", status=502, containing="<!-- roadmap:p1.epic -->")
        result = bootstrap(root, gh, ROADMAP_RETRIES="2")
        assert result.exit_code == 0, result.output
        assert any(r.injected and r.status == 502 for r in gh.requests)
        repo = gh.state.repo(OWNER, NAME)
        assert repo is not None
        [ours] = [i for i in repo.issues if ownership.find_key(i.body) == "p1.epic" and i is not stranger]
        assert ours.user.login == OWNER
        assert ours.sub_issues
        assert (stranger.body, stranger.sub_issues, stranger.labels) == ("<!-- roadmap:p1.epic -->", [], [])


@pytest.mark.parametrize("status", [502, None], ids=["502", "connection-reset"])
def test_rest_path_lost_answer_at_every_write_makes_no_duplicates(tmp_path: Path, status: int | None) -> None:
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    with FakeGitHub() as clean:
        clean.lack_graphql_inputs(OLD_SERVER)
        setup(clean)
        assert bootstrap(root, clean).exit_code == 0
        expected, writes = world(clean), len(clean.writes)
    with FakeGitHub() as gh:
        gh.lack_graphql_inputs(OLD_SERVER)
        setup(gh)
        gh.lose_answers(status=status)
        result = bootstrap(root, gh, ROADMAP_RETRIES="2")
        assert result.exit_code == 0, result.output
        assert len(gh.lost_answers) == writes
        assert world(gh) == expected
        assert not gh.violations, gh.violations


def test_rest_path_crash_after_every_write_then_rerun_matches_clean_run(tmp_path: Path) -> None:
    """Over REST an issue under an epic takes two writes; a crash between them is finished
    by the next run (it links the issue it finds by its marker)."""
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    with FakeGitHub() as clean:
        clean.lack_graphql_inputs(OLD_SERVER)
        setup(clean)
        assert bootstrap(root, clean).exit_code == 0
        expected = world(clean)
        kinds = [r.operation for r in clean.writes]
    # Every write of the issue part (creates and links), where the two paths differ.
    issue_writes = [n + 1 for n, op in enumerate(kinds) if op in ("issues/create", "issues/add-sub-issue")]
    children = sum(1 for i in expected["issues"].values() if i["parent"])
    assert len(issue_writes) == len(expected["issues"]) + children  # a create, and a link for each child
    for k in issue_writes:
        with FakeGitHub() as gh:
            gh.lack_graphql_inputs(OLD_SERVER)
            setup(gh)
            gh.die_after_writes(k, mode="lost")
            assert bootstrap(root, gh).exit_code == 3, k
            gh.revive()
            resumed = bootstrap(root, gh)
            assert resumed.exit_code == 0, (k, resumed.output)
            assert world(gh) == expected, k
            assert not gh.violations, gh.violations


def test_write_interval_option_paces_writes(tmp_path: Path) -> None:
    """--write-interval wins over ROADMAP_WRITE_INTERVAL (0 in these tests)."""
    from testing.fake_github import FakeGitHub

    root = small_year(tmp_path)
    with FakeGitHub() as gh:
        setup(gh)
        result = bootstrap(root, gh, "--no-project", "--write-interval", "0.02")
        assert result.exit_code == 0, result.output
        gaps = [(b.time - a.time).total_seconds() for a, b in itertools.pairwise(gh.writes)]
        assert min(gaps) >= 0.015


def test_write_interval_is_in_the_help_with_githubs_guidance(root: Path) -> None:
    text = " ".join(invoke(root, "bootstrap", "--help").output.split())
    assert "--write-interval SECONDS" in text
    assert "at least 1 second apart" in text
    assert "under 1 are for tests and GitHub Enterprise Server only" in text


@pytest.mark.parametrize("value", ["nan", "-1", "3601", "soon"])
def test_a_bad_write_interval_is_exit_2_before_anything_is_sent(root: Path, value: str) -> None:
    result = invoke(root, "bootstrap", "--write-interval", value, "--dry-run")
    assert result.exit_code == 2
    assert "Invalid value for '--write-interval'" in result.output
