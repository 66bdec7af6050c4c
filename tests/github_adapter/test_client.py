"""The shared client never sends a POST twice blindly; reads and PATCHes are retried."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import requests
from github import GithubException

from llm_roadmap.adapter.client import AnswerLost, connect, graphql
from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from github import Github

    from testing.fake_github import FakeGitHub

TOKEN = "ghp_client"
REPO = "octocat/my-year"


@pytest.fixture
def client(fake_github: FakeGitHub) -> Github:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    return connect(fake_github.api_url, TOKEN, Pacing(0.0, 0.0, retries=3, backoff_factor=0.0))


def posts(gh: FakeGitHub, path: str) -> list[int | None]:
    return [r.status for r in gh.requests if r.method == "POST" and r.path.endswith(path)]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_post_whose_answer_is_lost_is_not_sent_again(
    fake_github: FakeGitHub, client: Github, status: int
) -> None:
    fake_github.lose_answers(at=1, status=status)
    repo = client.get_repo(REPO)
    with pytest.raises(GithubException) as exc:
        repo.create_issue("Once")
    assert exc.value.status == status
    assert posts(fake_github, "/issues") == [status]
    assert [i.title for i in repo.get_issues()] == ["Once"]


def test_a_post_whose_connection_drops_is_not_sent_again(fake_github: FakeGitHub, client: Github) -> None:
    fake_github.lose_answers(at=1, status=None)
    with pytest.raises(requests.ConnectionError):
        client.get_repo(REPO).create_issue("Once")
    assert posts(fake_github, "/issues") == [None]


def test_a_post_refused_for_a_rate_limit_is_sent_again(fake_github: FakeGitHub, client: Github) -> None:
    fake_github.fail_next("POST", r"/issues$", status=429, headers={"Retry-After": "0"})
    client.get_repo(REPO).create_issue("After a pause")
    assert posts(fake_github, "/issues") == [429, 201]


def test_reads_and_patches_are_retried(fake_github: FakeGitHub, client: Github) -> None:
    repo = client.get_repo(REPO)
    issue = repo.create_issue("Title")
    fake_github.fail_next("GET", r"/issues$", status=502)
    assert [i.title for i in repo.get_issues()] == ["Title"]
    fake_github.fail_next("PATCH", r"/issues/1$", status=503)
    issue.edit(title="New title")
    patches = [r.status for r in fake_github.requests if r.method == "PATCH"]
    assert patches == [503, 200]


def test_graphql_queries_are_retried_and_mutations_are_not(fake_github: FakeGitHub, client: Github) -> None:
    fake_github.fail_next("POST", r"^/graphql$", status=502)
    data = graphql(client, fake_github.graphql_url, "query { viewer { login } }", sleep=lambda _: None)
    assert data == {"viewer": {"login": "octocat"}}
    owner = fake_github.state.account("octocat")
    assert owner is not None
    fake_github.lose_answers(at=1)
    mutation = 'mutation($o: ID!) { createProjectV2(input: {ownerId: $o, title: "Y"}) { projectV2 { id } } }'
    with pytest.raises(AnswerLost) as lost:
        graphql(client, fake_github.graphql_url, mutation, {"o": owner.node_id})
    assert "run the same command again" in str(lost.value)
    assert isinstance(lost.value, GitHubError)
    assert len(fake_github.state.projects) == 1
    assert posts(fake_github, "/graphql") == [502, 200, 502]
