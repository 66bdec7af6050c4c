"""The fake GitHub server's pull requests and `template_repository`, driven by PyGithub."""

from __future__ import annotations

from typing import TYPE_CHECKING

import github
import pytest

if TYPE_CHECKING:
    from testing.fake_github import FakeGitHub

TOKEN = "ghp_octocat"
REPO = "octocat/my-year"
HEAD, MAIN = "a" * 40, "b" * 40


@pytest.fixture
def gh(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_user("octocat", token=TOKEN)
    fake_github.add_repo(REPO)
    fake_github.add_commit(REPO, MAIN)
    fake_github.add_commit(REPO, HEAD, branch="topic", parents=[MAIN])
    return fake_github


def test_pull_requests_share_numbers_with_issues_and_one_is_open_per_head(gh: FakeGitHub) -> None:
    repo = gh.client(TOKEN).get_repo(REPO)
    gh.add_issue(REPO, "an issue")
    pull = repo.create_pull(base="main", head="topic", title="t", body="b", draft=True)
    assert (pull.number, pull.draft, pull.head.ref, pull.head.sha) == (2, True, "topic", HEAD)
    assert repo.create_issue("next").number == 3
    with pytest.raises(github.GithubException) as caught:
        repo.create_pull(base="main", head="octocat:topic", title="again")
    assert caught.value.status == 422
    assert "A pull request already exists for octocat:topic." in str(caught.value.data)
    assert [p.number for p in repo.get_pulls(head="octocat:topic")] == [2]
    assert list(repo.get_pulls(head="octocat:other")) == []
    pull.edit(body="edited")
    assert repo.get_pull(2).body == "edited"


def test_a_pull_request_needs_an_existing_head_branch(gh: FakeGitHub) -> None:
    repo = gh.client(TOKEN).get_repo(REPO)
    with pytest.raises(github.GithubException) as caught:
        repo.create_pull(base="main", head="nowhere", title="t")
    assert caught.value.status == 422


def test_the_actions_token_opens_pull_requests_only_when_allowed(gh: FakeGitHub) -> None:
    gh.add_actions_token("ghs_bot", REPO)
    repo = gh.client("ghs_bot").get_repo(REPO)
    with pytest.raises(github.GithubException) as caught:
        repo.create_pull(base="main", head="topic", title="t")
    assert caught.value.status == 403
    assert (
        caught.value.data["message"] == "GitHub Actions is not permitted to create or approve pull requests."
    )
    gh.allow_actions_pull_requests(REPO)
    assert repo.create_pull(base="main", head="topic", title="t").user.login == "github-actions[bot]"


def test_a_copy_knows_its_template(gh: FakeGitHub) -> None:
    gh.add_repo("octocat/template", is_template=True)
    g = gh.client(TOKEN)
    assert g.get_repo(REPO).template_repository is None
    gh.set_template(REPO, "octocat/template")
    template = g.get_repo(REPO).template_repository
    assert template is not None
    assert (template.full_name, template.is_template) == ("octocat/template", True)
