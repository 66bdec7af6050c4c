"""The cohort table's one issue in the mentor's repository: edited, never posted twice.

The issue is found by its hidden marker *and* its author: only an issue opened by the
identity running the command (the token's own login) is ours. Anyone may paste the
marker into an issue of a public repository; that issue is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from github import GithubException

from llm_roadmap.errors import GitHubError
from llm_roadmap.ownership import ACTIONS_BOT, bot_marker, is_ours, trusted_authors

if TYPE_CHECKING:
    from github import Github
    from github.Issue import Issue
    from github.Repository import Repository

MARKER = bot_marker("cohort")

Action = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class CohortIssueOutcome:
    action: Action
    url: str


def whoami(client: Github) -> str:
    """The login the token acts as; Actions' GITHUB_TOKEN may not read `/user` and acts as
    github-actions[bot] (the bots do the same, `adapter.rest.whoami`)."""
    try:
        return str(client.get_user().login)
    except GithubException as exc:
        if exc.status in (401, 403):
            return ACTIONS_BOT
        raise GitHubError(f"cannot tell who the token belongs to ({exc.status})") from exc


def find_issue(repo: Repository, login: str) -> Issue | None:
    """The oldest issue carrying the cohort marker and opened by `login` (`ownership.is_ours`:
    the token's login, or the Actions bot when the weekly workflow opened it; a label is
    no evidence here, the issue carries none)."""
    authors = trusted_authors(login, label=False)
    found = [
        issue
        for creator in sorted(authors)
        # PyGithub sends a login as is (REST `creator`), though its type names only NamedUser.
        for issue in repo.get_issues(state="all", creator=cast("Any", creator))
        if issue.pull_request is None
        and is_ours(marked=MARKER in (issue.body or ""), author=issue.user.login, authors=authors)
    ]
    return min(found, key=lambda issue: issue.number, default=None)


def publish(repo: Repository, login: str, title: str, body: str) -> CohortIssueOutcome:
    """Edit our issue when its text differs, or open it the first time."""
    try:
        issue = find_issue(repo, login)
        if issue is None:
            created = repo.create_issue(title=title, body=body)
            return CohortIssueOutcome("created", created.html_url)
        if issue.body == body and issue.title == title:
            return CohortIssueOutcome("unchanged", issue.html_url)
        issue.edit(title=title, body=body)
        return CohortIssueOutcome("updated", issue.html_url)
    except GithubException as exc:
        raise GitHubError(
            f"could not write the cohort issue in {repo.full_name} ({exc.status})\n"
            "  hint: the token needs Issues: write on the mentor's repository"
        ) from exc
