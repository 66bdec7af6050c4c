"""Post check results to the deliverable's issue: one sticky comment, and its checklist ticked.

The issue is the one bootstrap created: it has the `roadmap` label and the hidden marker
`<!-- roadmap:<deliverable id> -->` in its body. The comment is found again by its own
marker `<!-- roadmap-check:<deliverable id> -->` (`roadmap-check-gpu:` for a GPU run) and
an author we trust (`llm_roadmap.ownership`: this token's identity, the learner or the
Actions bot), then edited, never duplicated. In the issue body only the checklist lines that carry
`<!-- roadmap-check-item:<deliverable id>/<check id> -->` are touched: `- [ ]` becomes
`- [x]` when that check passed (and back when it fails again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from github import GithubException

from llm_roadmap.adapter.client import connect as client_for
from llm_roadmap.adapter.errors import translate
from llm_roadmap.deliverables.report import Status
from llm_roadmap.ownership import (
    CHECK_ITEM_LINE,
    OWNERSHIP_LABEL,
    check_comment_marker,
    check_item_id,
    is_ours,
    key_marker,
    trusted_authors,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from github.Issue import Issue
    from github.Repository import Repository

    from llm_roadmap.deliverables.report import DeliverableReport
    from llm_roadmap.pacing import Pacing

ROADMAP_LABEL = OWNERSHIP_LABEL
CommentAction = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class Published:
    """What publishing did for one deliverable (issue None: no issue carries its marker)."""

    deliverable: str
    issue: int | None
    comment: CommentAction | None = None
    ticked: int = 0


def checklist_states(report: DeliverableReport) -> dict[str, bool]:
    """Check item id → passed, for checks that ran (a skipped check leaves its line alone)."""
    return {
        check_item_id(report.deliverable, r.id): r.status is Status.PASSED
        for r in report.results
        if r.status is not Status.SKIPPED
    }


def tick(body: str, states: Mapping[str, bool]) -> str:
    """`body` with the marked checklist lines set to `states`; every other byte unchanged."""
    lines = body.splitlines(keepends=True)
    for index, line in enumerate(lines):
        content = line.rstrip("\r\n")
        match = CHECK_ITEM_LINE.match(content)
        if match is None or match["id"] not in states:
            continue
        mark = "x" if states[match["id"]] else " "
        if (match["mark"].lower() == "x") != (mark == "x"):
            lines[index] = match["head"] + mark + match["tail"] + line[len(content) :]
    return "".join(lines)


def connect(api_url: str, token: str, repo_name: str, pacing: Pacing | None = None) -> Repository:
    """The repository through the shared client (pacing, retries); refusals become `GitHubError`s."""
    client = client_for(api_url, token, pacing)
    try:
        return client.get_repo(repo_name)
    except GithubException as exc:
        raise translate(exc, f"reading {repo_name}") from None


def whoami(repo: Repository) -> str | None:
    """The login of this token; None for the Actions token, which may not read /user."""
    try:
        return str(repo.requester.requestJsonAndCheck("GET", "/user")[1]["login"])
    except GithubException as exc:
        if exc.status in (401, 403):
            return None
        raise translate(exc, "reading the token's user") from None


def find_issue(repo: Repository, deliverable: str, authors: frozenset[str]) -> Issue | None:
    """The issue bootstrap made for `deliverable`: label `roadmap` and its hidden marker."""
    marker = key_marker(deliverable)
    try:
        for issue in repo.get_issues(state="all", labels=[ROADMAP_LABEL]):
            labels = [label.name for label in issue.labels]
            marked = issue.pull_request is None and marker in (issue.body or "")
            author = issue.user.login if issue.user else None
            if is_ours(marked=marked, author=author, authors=authors, labels=labels):
                return issue
    except GithubException as exc:
        raise translate(exc, f"listing the {ROADMAP_LABEL!r} issues") from None
    return None


def upsert_comment(
    issue: Issue, deliverable: str, body: str, authors: frozenset[str], mode: str = "cpu"
) -> CommentAction:
    """Edit our marked comment (`ownership.is_ours`) or create it."""
    marker = check_comment_marker(deliverable, mode)
    try:
        for comment in issue.get_comments():
            author = comment.user.login if comment.user else None
            if is_ours(marked=marker in (comment.body or ""), author=author, authors=authors):
                if comment.body == body:
                    return "unchanged"
                comment.edit(body)
                return "updated"
        issue.create_comment(body)
    except GithubException as exc:
        raise translate(exc, f"commenting on issue #{issue.number}") from None
    return "created"


def publish(
    repo: Repository, report: DeliverableReport, comment: str, me: str | None, mode: str = "cpu"
) -> Published:
    """Update the sticky comment and the checklist of `report`'s deliverable issue."""
    learner = repo.owner.login if repo.owner.type == "User" else None
    authors = trusted_authors(me, learner)
    issue = find_issue(repo, report.deliverable, authors)
    if issue is None:
        return Published(report.deliverable, None)
    action = upsert_comment(issue, report.deliverable, comment, authors, mode)
    try:
        # Read the body again just before writing, to keep the window for overwriting a
        # learner's concurrent edit as small as the API allows (issues have no ETag writes).
        issue = repo.get_issue(issue.number)
        body = issue.body or ""
        ticked = tick(body, checklist_states(report))
        changed = sum(1 for a, b in zip(body.splitlines(), ticked.splitlines(), strict=True) if a != b)
        if changed:
            issue.edit(body=ticked)
    except GithubException as exc:
        raise translate(exc, f"updating the checklist of issue #{issue.number}") from None
    return Published(report.deliverable, issue.number, action, changed)
