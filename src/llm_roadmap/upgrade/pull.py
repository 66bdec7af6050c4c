"""The one upgrade pull request: found by its head branch and our marker, opened or edited.

A pull request whose head is our branch but which carries no marker, or was opened by
someone other than an identity the tool runs as (the project's ownership rule,
`llm_roadmap.ownership`; labels are no evidence here), is a stranger's: we never edit it,
and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from llm_roadmap.adapter.pulls import edit_pull, open_pull, read_pulls
from llm_roadmap.errors import GitHubError
from llm_roadmap.ownership import UPGRADE, is_ours

if TYPE_CHECKING:
    from llm_roadmap.adapter.rest import GitHubRepo
    from llm_roadmap.snapshot import PullRequest, Repo

# GitHub's answer when the repository does not let Actions open pull requests
# (Settings → Actions → General → "Allow GitHub Actions to create and approve pull requests").
ACTIONS_REFUSED = "not permitted to create or approve pull requests"
PERMISSION_HINT = (
    "the pushed branch {branch} is ready; either allow it (Settings → Actions → General →"
    " 'Allow GitHub Actions to create and approve pull requests'), or save a fine-grained token"
    " (Contents, Pull requests and Workflows: read and write) as the secret ROADMAP_UPGRADE_TOKEN,"
    " or open the pull request by hand: {compare} (docs/upgrade.md)"
)


@dataclass(frozen=True)
class PullOutcome:
    number: int
    url: str
    done: Literal["opened", "edited", "unchanged", "closed by you, not offered again"]


@dataclass(frozen=True)
class PullRequestText:
    title: str
    body: str
    draft: bool


def open_or_update(
    github: GitHubRepo, repo: Repo, branch: str, commit: str, text: PullRequestText, trusted: frozenset[str]
) -> PullOutcome:
    """Edit our open pull request from `branch`, or open it (a draft when it has conflicts).

    One the learner closed without merging while it held this very `commit` stays closed:
    the same upgrade is not offered again until the template or the copy moves on."""
    pulls = read_pulls(github, head=f"{repo.owner}:{branch}", base=repo.default_branch)
    ours = [p for p in pulls if is_ours(marked=UPGRADE in p.body, author=p.author, authors=trusted)]
    open_ours = [p for p in ours if p.state == "open"]
    if open_ours:
        return _edit(github, open_ours[0], text)
    strangers = [p for p in pulls if p.state == "open" and p not in ours]
    if strangers:
        raise GitHubError(
            f"pull request #{strangers[0].number} from {branch} was not opened by roadmap upgrade;"
            " it was left alone\n  hint: close it, then run `roadmap upgrade --push` again"
        )
    declined = [p for p in ours if not p.merged and p.head_sha == commit]
    if declined:
        return PullOutcome(declined[0].number, declined[0].url, "closed by you, not offered again")
    return _open(github, repo, branch, text)


def _edit(github: GitHubRepo, pull: PullRequest, text: PullRequestText) -> PullOutcome:
    if pull.title == text.title and pull.body == text.body:
        return PullOutcome(pull.number, pull.url, "unchanged")
    edit_pull(github, pull.number, title=text.title, body=text.body)
    return PullOutcome(pull.number, pull.url, "edited")


def _open(github: GitHubRepo, repo: Repo, branch: str, text: PullRequestText) -> PullOutcome:
    base = repo.default_branch
    try:
        pull = open_pull(github, base=base, head=branch, title=text.title, body=text.body, draft=text.draft)
    except GitHubError as exc:
        if exc.status == 403 and ACTIONS_REFUSED in str(exc):
            compare = f"{repo.url}/compare/{base}...{branch}"
            raise GitHubError(
                "GitHub Actions may not open pull requests in this repository\n"
                f"  hint: {PERMISSION_HINT.format(branch=branch, compare=compare)}"
            ) from None
        raise
    return PullOutcome(pull.number, pull.url, "opened")
