"""The adapter's reads: one issue model from either source, one GraphQL loop, one repository GET."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.adapter.client import RateLimitSpent, connect, graphql, graphql_partial
from llm_roadmap.adapter.cohort import read_search
from llm_roadmap.adapter.convert import issue_from_pygithub
from llm_roadmap.adapter.rest import GitHubRepo
from llm_roadmap.cohort.query import Spend
from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing
from llm_roadmap.snapshot import EPOCH

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

TOKEN = "ghp_reads"
REPO = "octocat/my-year"
SEARCH = "topic:llm-roadmap"


@pytest.fixture
def github(fake_github: FakeGitHub) -> GitHubRepo:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    client = connect(fake_github.api_url, TOKEN, Pacing.off())
    return GitHubRepo(client, REPO, graphql_url=fake_github.graphql_url)


def test_both_sources_fill_every_field_of_an_issue_alike(fake_github: FakeGitHub, github: GitHubRepo) -> None:
    """PyGithub's list (bootstrap) and the REST JSON (the bots) give equal `snapshot.Issue`s."""
    github.request("POST", f"/repos/{REPO}/milestones", body={"title": "Month 1"})
    epic = github.request(
        "POST",
        f"/repos/{REPO}/issues",
        body={"title": "Epic", "body": "e", "labels": ["epic"], "milestone": 1},
    )
    child = github.request("POST", f"/repos/{REPO}/issues", body={"title": "Child", "body": "c"})
    github.request(
        "POST", f"/repos/{REPO}/issues/{epic['number']}/sub_issues", body={"sub_issue_id": child["id"]}
    )
    github.request("PATCH", f"/repos/{REPO}/issues/{child['number']}", body={"state": "closed"})
    fake_github.add_issue(REPO, "By a stranger", body="s", author="mallory")

    from_rest = github.read_issues()
    repo = github.client.get_repo(REPO)
    before = len(fake_github.requests)
    pages = repo.get_issues(state="all", sort="created", direction="asc")
    from_pygithub = [issue_from_pygithub(issue) for issue in pages]

    assert from_pygithub == from_rest
    assert len(fake_github.requests) - before == 1  # one page; no issue is fetched again
    epic_read, child_read, stranger = from_rest
    assert (epic_read.labels, epic_read.milestone, epic_read.sub_issue_count) == (("epic",), "Month 1", 1)
    assert (epic_read.id, epic_read.node_id) == (epic["id"], epic["node_id"])
    assert child_read.is_closed
    assert child_read.closed_at is not None
    assert epic_read.created_at != EPOCH
    assert (stranger.author, stranger.association) == ("mallory", "NONE")


def test_doctor_reads_the_repository_once(fake_github: FakeGitHub, github: GitHubRepo) -> None:
    """Whether the token may push comes with the repository (`Repo.can_write`), not a second GET."""
    repo = github.read_repo()
    assert repo.can_write is True
    assert [r.path for r in fake_github.requests].count(f"/repos/{REPO}") == 1


def test_a_failure_to_say_who_the_token_is_names_what_was_asked(
    fake_github: FakeGitHub, github: GitHubRepo
) -> None:
    """401/403 mean the Actions token (the bot); anything else is an error, and says so."""
    fake_github.fail_next("GET", r"^/user$", status=500, times=4)  # the first try and 3 retries
    with pytest.raises(GitHubError) as failed:
        github.whoami()
    message = str(failed.value)
    assert message.startswith(
        "finding out which account the token acts as (GET /user) failed:"
        " GitHub answered with server errors every time it was asked"
    )
    assert "hint: nothing is lost: run the same command again" in message
    assert [r.status for r in fake_github.requests if r.path == "/user"] == [500] * 4
    fake_github.fail_next("GET", r"^/user$", status=403)
    assert github.whoami() == ("github-actions[bot]", None)


def test_the_cohort_says_how_to_spread_spent_graphql_points(
    fake_github: FakeGitHub, github: GitHubRepo
) -> None:
    fake_github.graphql_rate_limit_next(1)
    github.max_wait = 0.0  # the fake's window resets a second later: longer than this
    with pytest.raises(GitHubError) as spent:
        read_search(github, SEARCH, Spend())
    assert "split the cohort (--shard)" in str(spent.value)


def test_the_generic_loop_says_nothing_of_the_cohort(fake_github: FakeGitHub, github: GitHubRepo) -> None:
    for call in (graphql, graphql_partial):
        fake_github.graphql_rate_limit_next(1)
        with pytest.raises(RateLimitSpent) as spent:
            call(github.client, github.graphql_url, "query { viewer { login } }", {}, max_wait=0.0)
        assert "--shard" not in str(spent.value)
        assert "nothing is lost" in str(spent.value)


@pytest.mark.parametrize("drop", [True, False], ids=["dropped", "502"])
def test_a_cohort_query_whose_answer_is_lost_is_sent_again(
    fake_github: FakeGitHub, github: GitHubRepo, drop: bool
) -> None:
    """The cohort's reads share bootstrap's loop: a lost answer to a query is retried."""
    fake_github.fail_next("POST", r"^/graphql$", status=502, drop=drop)
    found = read_search(github, SEARCH, Spend())
    assert found.total == 0
    assert [r.status for r in fake_github.requests if r.path == "/graphql"] == [
        None if drop else 502,
        200,
    ]


def test_graphql_raises_the_errors_that_partial_returns(fake_github: FakeGitHub, github: GitHubRepo) -> None:
    document = 'query { repository(owner: "nobody", name: "none") { id } }'
    data, errors = graphql_partial(github.client, github.graphql_url, document, {})
    assert data == {"repository": None}
    assert [e.get("type") for e in errors] == ["NOT_FOUND"]
    with pytest.raises(GitHubError, match="Could not resolve"):
        graphql(github.client, github.graphql_url, document)
