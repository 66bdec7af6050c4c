"""Read the learner's repository (read-only): preflight checks and the existing state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from github.Issue import SubIssue
from github.PaginatedList import PaginatedList

from llm_roadmap.errors import GitHubError, UsageError
from llm_roadmap.github import projects
from llm_roadmap.github.client import GraphQLError, graphql
from llm_roadmap.github.dates import due_day
from llm_roadmap.github.errors import talking_to_github
from llm_roadmap.plan import markers
from llm_roadmap.plan.existing import Existing, ExistingIssue, ExistingLabel, ExistingMilestone

if TYPE_CHECKING:
    from github import Github
    from github.Issue import Issue
    from github.Repository import Repository

    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.plan.existing import ExistingBoard

NO_PROJECT_ACCESS = (
    "the token cannot use Projects: {why}\n"
    "  everything else is created; to add the board later, use a classic token with the"
    " 'project' scope (or a fine-grained token with Projects read/write on the owner)"
    " and run scripts/bootstrap again. The Actions GITHUB_TOKEN can never use Projects."
)


@dataclass
class Target:
    """The repository to work on, as the preflight found it."""

    client: Github
    graphql_url: str
    repo: Repository
    login: str
    scopes: list[str] | None
    project_problem: str | None = None
    max_wait: float = 900.0

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run a GraphQL document with this target's client, URL and rate-limit patience."""
        return graphql(self.client, self.graphql_url, query, variables, max_wait=self.max_wait)

    @property
    def owner_type(self) -> str:
        return str(self.repo.owner.type)

    @property
    def owner_login(self) -> str:
        return str(self.repo.owner.login)


def preflight(client: Github, graphql_url: str, repo_name: str, *, max_wait: float = 900.0) -> Target:
    """Check, before any write, that the repository is there and the token may push."""
    with talking_to_github("checking the token (GET /user)"):
        login = client.get_user().login
    scopes = client.oauth_scopes
    with talking_to_github(f"opening {repo_name}"):
        repo = client.get_repo(repo_name)
    _check_repo(repo, repo_name, scopes)
    target = Target(client, graphql_url, repo, login, scopes, max_wait=max_wait)
    if scopes is not None and "project" not in scopes:
        target.project_problem = NO_PROJECT_ACCESS.format(
            why=f"the classic token has scopes {', '.join(scopes) or '(none)'} but not 'project'"
        )
    return target


def _check_repo(repo: Repository, name: str, scopes: list[str] | None) -> None:
    if repo.is_template:
        raise UsageError(
            f"{name} is the template repository itself\n"
            "  hint: click 'Use this template' on GitHub, clone your copy, and run bootstrap there"
        )
    permissions = repo.permissions
    if permissions is None or not permissions.push:
        scope_note = f" (token scopes: {', '.join(scopes)})" if scopes is not None else ""
        raise GitHubError(
            f"the token cannot push to {name}{scope_note}\n"
            "  hint: use a token of the repository's owner with the 'repo' scope,"
            " or a fine-grained token with Issues: read and write"
        )
    if not repo.has_issues:
        raise GitHubError(
            f"issues are turned off in {name}\n  hint: enable them in Settings → General → Features"
        )


def read_existing(target: Target, desired: Desired, *, project: bool) -> Existing:
    """Everything the diff needs, in as few requests as possible."""
    repo = target.repo
    existing = Existing()
    with talking_to_github(f"reading {repo.full_name}"):
        existing.labels = {
            label.name: ExistingLabel(label.name, label.color, label.description or "")
            for label in repo.get_labels()
        }
        existing.milestones = {
            m.title: ExistingMilestone(
                m.number,
                m.title,
                m.description or "",
                due_day(m.due_on) if m.due_on else None,
                m.state,
            )
            for m in repo.get_milestones(state="all")
        }
        _read_issues(repo, existing)
        _read_sub_issues(repo, desired, existing)
        if project and target.project_problem is None:
            existing.board = _read_board(target, desired.board.title)
    return existing


def _read_issues(repo: Repository, existing: Existing) -> None:
    for issue in repo.get_issues(state="all", sort="created", direction="asc"):
        if "/pull/" in issue.html_url:
            continue  # a pull request; checked by URL since `pull_request` is absent on issues
        key = markers.find_key(issue.body)
        if key is None:
            continue
        found = _existing_issue(issue, key)
        if key in existing.issues:
            existing.duplicates.append(found)
        else:
            existing.issues[key] = found


def _existing_issue(issue: Issue, key: str) -> ExistingIssue:
    # Attributes only: `raw_data` would make PyGithub fetch every issue again.
    summary = issue.sub_issues_summary
    return ExistingIssue(
        number=issue.number,
        id=issue.id,
        node_id=issue.node_id,
        key=key,
        title=issue.title,
        body=issue.body or "",
        state=issue.state,
        labels=tuple(label.name for label in issue.labels),
        milestone=issue.milestone.title if issue.milestone else None,
        html_url=issue.html_url,
        sub_issue_count=summary.total if summary is not None else 0,
    )


def _read_sub_issues(repo: Repository, desired: Desired, existing: Existing) -> None:
    """Read an epic's sub-issues only when its count says some may be missing."""
    children: dict[str, set[str]] = {}
    for issue in desired.issues:
        if issue.parent is not None and issue.key in existing.issues:
            children.setdefault(issue.parent, set()).add(issue.key)
    by_number = {i.number: key for key, i in existing.issues.items()}
    for parent_key, expected in children.items():
        parent = existing.issues.get(parent_key)
        if parent is None:
            continue
        if parent.sub_issue_count >= len(expected):
            existing.sub_issues[parent_key] = expected  # all there (a count cannot lie upward)
            continue
        linked = _sub_issue_numbers(repo, parent.number)
        existing.sub_issues[parent_key] = {by_number[n] for n in linked if n in by_number}


def _sub_issue_numbers(repo: Repository, number: int) -> list[int]:
    # Listing directly saves the GET of the parent issue that repo.get_issue() would make.
    pages = PaginatedList(
        SubIssue, repo.requester, f"{repo.url}/issues/{number}/sub_issues", {"per_page": 100}
    )
    return [sub.number for sub in pages]


def _read_board(target: Target, title: str) -> ExistingBoard | None:
    """The board with exactly `title` among the owner's projects, or None."""
    owner_id = target.repo.owner.node_id
    try:
        data = target.graphql(projects.FIND_PROJECTS, {"owner": owner_id, "query": title})
    except GraphQLError as exc:
        target.project_problem = NO_PROJECT_ACCESS.format(why=str(exc))
        return None
    nodes = ((data.get("node") or {}).get("projectsV2") or {}).get("nodes") or []
    match = next((n for n in nodes if n and n["title"] == title and not n["closed"]), None)
    if match is None:
        return None
    return read_board(target, match["id"])


def read_board(target: Target, project_id: str) -> ExistingBoard:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        data = target.graphql(projects.PROJECT, {"id": project_id, "cursor": cursor})
        node = data["node"]
        page = node["items"]
        items += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    repo_node = target.repo.node_id
    return projects.parse_board(node, repo_node, items)
