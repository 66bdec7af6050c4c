"""Read the learner's repository (read-only): preflight checks and the existing state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from github import GithubException
from github.Issue import SubIssue
from github.PaginatedList import PaginatedList

from llm_roadmap.adapter import projects
from llm_roadmap.adapter.client import GraphQLError, connect, graphql
from llm_roadmap.adapter.convert import issue_from_pygithub
from llm_roadmap.adapter.dates import due_day
from llm_roadmap.adapter.errors import CLASSIC_TOKENS, FINE_GRAINED_TOKENS, talking_to_github, translate
from llm_roadmap.errors import GitHubError, UsageError
from llm_roadmap.ownership import trusted_authors
from llm_roadmap.snapshot import Existing, Issues, Label, Lookalike, Milestone, learner_of

if TYPE_CHECKING:
    from github import Github
    from github.Repository import Repository

    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.settings import Settings
    from llm_roadmap.snapshot import Project

NO_PROJECT_ACCESS = (
    "the token cannot use Projects: {why}\n"
    "  everything else is created; to add the board later, use a classic token with the"
    " 'project' scope (or a fine-grained token with Projects read/write on the owner)"
    " and run scripts/bootstrap again. The Actions GITHUB_TOKEN can never use Projects."
)
FINE_GRAINED_PREFIX = "github_pat_"  # docs: "About authentication to GitHub", token formats
# GitHub reports a fine-grained token's permissions nowhere a read can see: a repository's
# `permissions` are its user's role, and `X-Accepted-GitHub-Permissions` names what an
# endpoint needs, not what the token has. So the first refused write is what tells.
UNVERIFIED_TOKEN = (
    "GitHub does not say what a fine-grained token may do, so it could not be checked before"
    " writing: it needs the repository permission Issues: Read and write on {repo}\n"
    "  if GitHub refuses a write, add it at " + FINE_GRAINED_TOKENS + " and run again; nothing is lost"
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
    token_note: str | None = None  # what the preflight could not check (a fine-grained token)

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run a GraphQL document with this target's client, URL and rate-limit patience."""
        return graphql(self.client, self.graphql_url, query, variables, max_wait=self.max_wait)

    @property
    def owner_type(self) -> str:
        return str(self.repo.owner.type)

    @property
    def owner_login(self) -> str:
        return str(self.repo.owner.login)

    @property
    def authors(self) -> frozenset[str]:
        """Who may have written our issues: this token's login, the learner (the owner of
        a personal repository) and the Actions bot (see `llm_roadmap.ownership`)."""
        return trusted_authors(self.login, learner_of(self.owner_login, self.owner_type))


def open_target(settings: Settings, token: str, repo_name: str) -> Target:
    """The one way bootstrap and `roadmap plan` connect: the shared client, then `preflight`."""
    return preflight(
        connect(settings.api_url, token, settings.pacing),
        settings.graphql_url,
        repo_name,
        max_wait=settings.pacing.max_rate_limit_wait,
        fine_grained=token.startswith(FINE_GRAINED_PREFIX),
    )


def preflight(
    client: Github, graphql_url: str, repo_name: str, *, max_wait: float = 900.0, fine_grained: bool = False
) -> Target:
    """Check, before any write, that the repository is there and the token may write to it.

    A classic token's scopes come in the `X-OAuth-Scopes` header of the responses read
    anyway (no extra request); other tokens say nothing about themselves (`token_note`).
    `fine_grained` (a `github_pat_` token) ignores the header should GitHub send one.
    """
    with talking_to_github("checking the token (GET /user)"):
        login = client.get_user().login
    raw = None if fine_grained else client.oauth_scopes
    scopes = [s.strip() for s in raw if s.strip()] if raw is not None else None
    with talking_to_github(f"opening {repo_name}"):
        repo = _open(client, repo_name, scopes)
    _check_repo(repo, repo_name, scopes)
    target = Target(client, graphql_url, repo, login, scopes, max_wait=max_wait)
    if scopes is None:
        target.token_note = UNVERIFIED_TOKEN.format(repo=repo_name)
    if scopes is not None and "project" not in scopes:
        target.project_problem = NO_PROJECT_ACCESS.format(
            why=f"the classic token has scopes {', '.join(scopes) or '(none)'} but not 'project'"
        )
    return target


def _open(client: Github, name: str, scopes: list[str] | None) -> Repository:
    try:
        return client.get_repo(name)
    except GithubException as exc:
        if exc.status == 404 and scopes is not None and "repo" not in scopes:
            # GitHub hides a private repository from a classic token without `repo`.
            raise GitHubError(_scope_message(name, scopes, private=True)) from None
        raise translate(exc, f"opening {name}") from None


def _scope_message(name: str, scopes: list[str], *, private: bool) -> str:
    wanted = "'repo'" if private else "'public_repo' (or 'repo')"
    has = f"the scopes {', '.join(scopes)}" if scopes else "no scopes"
    return (
        f"the classic token has {has}, not {wanted}, so GitHub would refuse every write to {name}"
        f"{' (a private repository: without repo the token cannot even see it)' if private else ''}\n"
        f"  hint: edit the token at {CLASSIC_TOKENS}, tick 'repo' (or 'public_repo' for a public"
        " repository) and 'project', and run again; nothing was written"
    )


def _check_repo(repo: Repository, name: str, scopes: list[str] | None) -> None:
    if repo.is_template:
        raise UsageError(
            f"{name} is the template repository itself\n"
            "  hint: click 'Use this template' on GitHub, clone your copy, and run bootstrap there"
        )
    if scopes is not None and "repo" not in scopes and (repo.private or "public_repo" not in scopes):
        raise GitHubError(_scope_message(name, scopes, private=repo.private))
    permissions = repo.permissions
    if permissions is None or not permissions.push:
        scope_note = f" (token scopes: {', '.join(scopes)})" if scopes is not None else ""
        raise GitHubError(
            f"the token's user cannot push to {name}{scope_note}\n"
            "  hint: use a token of the repository's owner (or of a collaborator with write"
            " access) with the 'repo' scope, or a fine-grained token with Issues: Read and write"
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
            label.name: Label(label.name, label.color, label.description or "", label.node_id)
            for label in repo.get_labels()
        }
        existing.milestones = {
            m.title: Milestone(
                m.number,
                m.title,
                m.state,
                m.description or "",
                due_day(m.due_on) if m.due_on else None,
                m.node_id,
            )
            for m in repo.get_milestones(state="all")
        }
        _read_issues(repo, existing, target.authors)
        _read_sub_issues(repo, desired, existing)
        if project and target.project_problem is None:
            existing.board = _read_board(target, desired.board.title)
    return existing


def _read_issues(repo: Repository, existing: Existing, authors: frozenset[str]) -> None:
    issues = [
        issue_from_pygithub(issue)
        for issue in repo.get_issues(state="all", sort="created", direction="asc")
        # a pull request; checked by URL since `pull_request` is absent on issues
        if "/pull/" not in issue.html_url
    ]
    sorted_issues = Issues.of(issues, authors=authors)
    existing.issues = dict(sorted_issues.by_key)
    existing.duplicates = list(sorted_issues.duplicates)
    existing.ignored = [Lookalike(i.number, i.author, i.key or "") for i in sorted_issues.ignored]


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


def _read_board(target: Target, title: str) -> Project | None:
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


def read_board(target: Target, project_id: str) -> Project:
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
