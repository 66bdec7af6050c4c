"""The preflight checks the token, not its user: a token that cannot write stops before
the first write, with the missing scope or permission and where to add it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from contract.test_bootstrap import OWNER, REPO, TOKEN, bootstrap
from contract.test_plan_command import plan
from llm_roadmap.errors import EXIT_CHANGES_PENDING, EXIT_OK
from testing.repo import copy_repo

if TYPE_CHECKING:
    from pathlib import Path

    from testing.fake_github import FakeGitHub


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


@pytest.mark.parametrize(
    ("scopes", "private", "wanted"),
    [
        (("project",), False, "not 'public_repo' (or 'repo')"),
        (("read:user", "project"), True, "not 'repo'"),
        (("public_repo", "project"), True, "not 'repo'"),
        ((), False, "not 'public_repo' (or 'repo')"),
    ],
)
def test_a_classic_token_without_the_repository_scope_stops_before_writing(
    root: Path, fake_github: FakeGitHub, scopes: tuple[str, ...], private: bool, wanted: str
) -> None:
    fake_github.add_user(OWNER, token=TOKEN, scopes=scopes)
    fake_github.add_repo(REPO, private=private)
    result = bootstrap(root, fake_github)
    assert result.exit_code == 3, result.output
    has = f"the scopes {', '.join(sorted(scopes))}" if scopes else "no scopes"
    assert f"error: the classic token has {has}, {wanted}, so GitHub would refuse" in result.output
    assert "  hint: edit the token at https://github.com/settings/tokens, tick 'repo'" in result.output
    assert fake_github.writes == []
    assert [r.operation for r in fake_github.requests] == ["users/get-authenticated", "repos/get"]


def test_public_repo_is_enough_for_a_public_repository(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN, scopes=("public_repo", "project"))
    fake_github.add_repo(REPO)
    result = bootstrap(root, fake_github, "--no-project")
    assert result.exit_code == 0, result.output


def test_a_fine_grained_token_without_issues_write_is_named_on_the_first_refusal(
    root: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user(OWNER, token="github_pat_x", scopes=None, permissions={"issues": "read"})
    fake_github.add_repo(REPO)
    result = bootstrap(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_x")
    assert result.exit_code == 3, result.output
    assert "note: GitHub does not say what a fine-grained token may do" in result.output
    assert "HTTP 403: Resource not accessible by personal access token" in result.output
    assert (
        "hint: the fine-grained token lacks Issues: Read and write (or Pull requests: Read and write):"
        " add it at https://github.com/settings/personal-access-tokens"
    ) in result.output
    assert fake_github.writes == []


def test_a_fine_grained_token_that_may_write_works_and_a_rerun_says_nothing(
    root: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user(OWNER, token="github_pat_y", scopes=None, permissions={"issues": "write"})
    fake_github.add_repo(REPO)
    first = bootstrap(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_y")
    assert first.exit_code == 0, first.output
    assert first.output.count("note: GitHub does not say") == 1
    again = bootstrap(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_y")
    assert again.exit_code == 0, again.output
    assert "note:" not in again.output  # nothing to write, nothing to warn about


def test_roadmap_plan_gives_the_fine_grained_token_note_only_while_something_would_be_written(
    root: Path, fake_github: FakeGitHub
) -> None:
    fake_github.add_user(OWNER, token="github_pat_z", scopes=None, permissions={"issues": "write"})
    fake_github.add_repo(REPO)
    pending = plan(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_z")
    assert pending.exit_code == EXIT_CHANGES_PENDING, pending.output
    assert pending.output.count("note: GitHub does not say what a fine-grained token may do") == 1
    assert bootstrap(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_z").exit_code == 0
    done = plan(root, fake_github, "--no-project", GITHUB_TOKEN="github_pat_z")
    assert done.exit_code == EXIT_OK, done.output
    assert "note:" not in done.output


def test_a_no_op_rerun_reads_seven_times_and_writes_nothing(root: Path, fake_github: FakeGitHub) -> None:
    fake_github.add_user(OWNER, token=TOKEN)
    fake_github.add_repo(REPO)
    assert bootstrap(root, fake_github).exit_code == 0
    before = len(fake_github.requests)
    writes = len(fake_github.writes)
    assert bootstrap(root, fake_github).exit_code == 0
    assert len(fake_github.writes) == writes
    assert len(fake_github.requests) - before <= 7, [r.operation for r in fake_github.requests[before:]]
