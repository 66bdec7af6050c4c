"""The fake checks the token apart from its user, as GitHub does.

A repository's `permissions` describe the user's role whatever the token; a classic
token without `repo`/`public_repo` is answered 404 on writes (and on a private repository
at all), a fine-grained token without a permission 403 with the permissions it lacks in
`X-Accepted-GitHub-Permissions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import github
import pytest

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

REPO = "octocat/hello"


def test_a_classic_token_without_a_repository_scope_reads_but_cannot_write(fake_github: FakeGitHub) -> None:
    fake_github.add_user("octocat", token="ghp_none", scopes=("project",))
    fake_github.add_repo(REPO)
    g = fake_github.client("ghp_none")
    headers, repo = g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}")
    assert repo["permissions"]["push"] is True  # the user's role, not the token's
    assert headers["x-oauth-scopes"] == "project"
    with pytest.raises(github.UnknownObjectException) as refused:
        g.requester.requestJsonAndCheck(
            "POST", f"/repos/{REPO}/labels", input={"name": "x", "color": "ffffff"}
        )
    assert refused.value.headers["x-accepted-oauth-scopes"] == "public_repo, repo"
    assert fake_github.writes == []


def test_public_repo_writes_to_public_repositories_only(fake_github: FakeGitHub) -> None:
    fake_github.add_user("octocat", token="ghp_public", scopes=("public_repo",))
    fake_github.add_repo(REPO)
    fake_github.add_repo("octocat/secret", private=True)
    g = fake_github.client("ghp_public")
    g.requester.requestJsonAndCheck("POST", f"/repos/{REPO}/labels", input={"name": "x", "color": "ffffff"})
    with pytest.raises(github.UnknownObjectException):
        g.requester.requestJsonAndCheck("GET", "/repos/octocat/secret")


def test_a_fine_grained_token_is_refused_what_it_was_not_granted(fake_github: FakeGitHub) -> None:
    fake_github.add_user("octocat", token="github_pat_r", scopes=None, permissions={"issues": "read"})
    fake_github.add_repo(REPO)
    g = fake_github.client("github_pat_r")
    _, repo = g.requester.requestJsonAndCheck("GET", f"/repos/{REPO}")
    assert repo["permissions"]["admin"] is True
    with pytest.raises(github.GithubException) as refused:
        g.requester.requestJsonAndCheck("POST", f"/repos/{REPO}/issues", input={"title": "x"})
    assert refused.value.status == 403
    assert refused.value.data["message"] == "Resource not accessible by personal access token"
    assert refused.value.headers["x-accepted-github-permissions"] == "issues=write"
    fake_github.add_token("octocat", "github_pat_pr", scopes=None, permissions={"pull_requests": "write"})
    writer = fake_github.client("github_pat_pr").requester
    writer.requestJsonAndCheck("POST", f"/repos/{REPO}/labels", input={"name": "x", "color": "ffffff"})
    assert len(fake_github.writes) == 1
