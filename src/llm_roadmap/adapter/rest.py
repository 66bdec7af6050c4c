"""One repository over REST: bounded, counted `read_*` into snapshots, and `apply`.

Commands open it with `open_repository(settings, repo)`: the bots, `roadmap doctor`,
`roadmap check --publish`, `roadmap upgrade` (with `adapter.pulls`) and `roadmap cohort`
(with `adapter.cohort`); bootstrap's preflight and reads are in `adapter.gateway`. Every
request goes through the PyGithub client from `adapter.client.connect` (its requester
paces writes and waits out rate limits). Lists are read page by page (100 per page, the
REST maximum) up to `max_pages`, and every request is counted, so a run can say in its
job summary what it cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import requests
from github import GithubException

from llm_roadmap.adapter.apply import Applier
from llm_roadmap.adapter.client import connect
from llm_roadmap.adapter.convert import issue_from_rest, time_of
from llm_roadmap.adapter.errors import RESUME, translate
from llm_roadmap.errors import GitHubError
from llm_roadmap.ownership import ACTIONS_BOT
from llm_roadmap.snapshot import EPOCH, Comment, Commit, Issue, Milestone, Repo

if TYPE_CHECKING:
    from collections.abc import Sequence

    from github import Github

    from llm_roadmap.changes import Change
    from llm_roadmap.settings import Settings

PER_PAGE = 100  # the REST API's maximum page size
WHOAMI = "finding out which account the token acts as (GET /user)"


@dataclass
class Counter:
    """Requests sent in this run."""

    reads: int = 0
    writes: int = 0


@dataclass
class GitHubRepo:
    """Reads and writes for one repository (`owner/name`; empty for reads that span many,
    such as `adapter.cohort`'s)."""

    client: Github
    repo: str
    max_pages: int = 20
    counter: Counter = field(default_factory=Counter)
    graphql_url: str = ""
    max_wait: float = 900.0  # seconds a GraphQL rate limit may be waited out

    def request(
        self,
        verb: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One counted request; its JSON answer. Refusals become `GitHubError`s (with the status)."""
        return self._request(verb, path, params=params, body=body)[1]

    def read_all(self, path: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every item of a paginated list (counted, at most `max_pages` pages)."""
        return self._pages(path, params)

    # -- plumbing ------------------------------------------------------------------
    def _request(
        self,
        verb: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        doing: str = "",
    ) -> tuple[dict[str, Any], Any]:
        doing = doing or f"{verb} {path}"
        if verb == "GET":
            self.counter.reads += 1
        else:
            self.counter.writes += 1
        try:
            return self.client.requester.requestJsonAndCheck(verb, path, parameters=params, input=body)
        except GithubException as exc:
            raise translate(exc, doing) from exc
        except requests.RequestException as exc:  # retries exhausted, connection refused...
            why = (
                "GitHub answered with server errors every time it was asked"
                if isinstance(exc, requests.exceptions.RetryError)
                else "GitHub did not answer"
            )
            raise GitHubError(f"{doing} failed: {why} ({type(exc).__name__})\n  hint: {RESUME}") from exc

    def _pages(self, path: str, params: dict[str, Any] | None = None, *, key: str | None = None) -> list[Any]:
        """Every item of a paginated list, at most `max_pages` pages."""
        items: list[Any] = []
        for page in range(1, self.max_pages + 1):
            _, data = self._request(
                "GET", path, params={**(params or {}), "per_page": PER_PAGE, "page": page}
            )
            chunk = data.get(key, []) if key and isinstance(data, dict) else data
            items += chunk
            if len(chunk) < PER_PAGE:
                break
        return items

    # -- reads ---------------------------------------------------------------------
    def read_repo(self) -> Repo:
        _, data = self._request("GET", f"/repos/{self.repo}")
        return Repo(
            full_name=data["full_name"],
            owner=data["owner"]["login"],
            owner_type=data["owner"].get("type", "User"),
            is_template=bool(data.get("is_template")),
            has_issues=bool(data.get("has_issues", True)),
            default_branch=data.get("default_branch") or "main",
            private=bool(data.get("private")),
            url=data.get("html_url") or "",
            template=(data.get("template_repository") or {}).get("full_name"),
            can_write=_can_write(data.get("permissions")),
        )

    def whoami(self) -> tuple[str, tuple[str, ...] | None]:
        """The login this token acts as, and a classic token's scopes (None for others).

        The Actions GITHUB_TOKEN may not read `/user` ("Resource not accessible by
        integration"); it acts as github-actions[bot]. Any other failure is an error that
        says what was being asked: without the login, ownership cannot be decided.
        """
        try:
            headers, data = self._request("GET", "/user", doing=WHOAMI)
        except GitHubError as exc:
            if exc.status in (401, 403):
                return ACTIONS_BOT, None
            raise  # a 5xx or no answer: without the login, ownership cannot be decided
        scopes = headers.get("x-oauth-scopes")
        parsed = tuple(s.strip() for s in scopes.split(",") if s.strip()) if scopes is not None else None
        return str(data["login"]), parsed

    def read_issues(self, *, label: str | None = None, creator: str | None = None) -> list[Issue]:
        """Every issue, open and closed (pull requests left out); only those with `label` or
        opened by `creator` when given."""
        params = {"state": "all", "sort": "created", "direction": "asc"}
        if label is not None:
            params["labels"] = label
        if creator is not None:
            params["creator"] = creator
        items = self._pages(f"/repos/{self.repo}/issues", params)
        return [issue_from_rest(i) for i in items if "pull_request" not in i]

    def read_comments(self, number: int) -> list[Comment]:
        items = self._pages(f"/repos/{self.repo}/issues/{number}/comments")
        return [
            Comment(c["id"], c.get("body") or "", (c.get("user") or {}).get("login"), c.get("html_url", ""))
            for c in items
        ]

    def read_milestones(self) -> list[Milestone]:
        items = self._pages(f"/repos/{self.repo}/milestones", {"state": "all"})
        return [
            Milestone(m["number"], m["title"], m["state"], open_issues=m.get("open_issues", 0)) for m in items
        ]

    def read_labels(self) -> frozenset[str]:
        return frozenset(label["name"].casefold() for label in self._pages(f"/repos/{self.repo}/labels"))

    def read_commits(self, since: dt.datetime, max_branches: int = PER_PAGE) -> list[Commit]:
        """Commits on every branch (deduplicated) authored since `since`."""
        _, branches = self._request("GET", f"/repos/{self.repo}/branches", params={"per_page": max_branches})
        seen: dict[str, Commit] = {}
        stamp = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for branch in branches:
            for item in self._pages(f"/repos/{self.repo}/commits", {"sha": branch["name"], "since": stamp}):
                if item["sha"] not in seen:
                    seen[item["sha"]] = _commit(item)
        return list(seen.values())

    def workflows(self) -> dict[str, str] | None:
        """Workflow path -> state ("active", "disabled_inactivity", ...); None if not allowed."""
        try:
            items = self._pages(f"/repos/{self.repo}/actions/workflows", key="workflows")
        except GitHubError as exc:
            if exc.status in (403, 404):
                return None
            raise
        return {w["path"]: w["state"] for w in items}

    def has_secret(self, name: str) -> bool | None:
        """Whether an Actions secret exists (its value is never readable); None if not allowed."""
        try:
            self._request("GET", f"/repos/{self.repo}/actions/secrets/{name}")
        except GitHubError as exc:
            return False if exc.status == 404 else None
        return True

    def self_hosted_runners(self) -> int | None:
        """How many self-hosted runners serve this repository; None if not allowed (admin only)."""
        try:
            _, data = self._request("GET", f"/repos/{self.repo}/actions/runners", params={"per_page": 1})
        except GitHubError as exc:
            if exc.status in (403, 404):
                return None
            raise
        return int(data["total_count"])

    def fork_pr_approval(self) -> str | None:
        """Which fork pull requests need approval before their workflows run; None if not allowed."""
        try:
            _, data = self._request(
                "GET", f"/repos/{self.repo}/actions/permissions/fork-pr-contributor-approval"
            )
        except GitHubError as exc:
            if exc.status in (403, 404):
                return None
            raise
        return str(data["approval_policy"])

    # -- writes --------------------------------------------------------------------
    def apply(self, changes: Sequence[Change]) -> list[str]:
        """Send `changes` in order through the one applier; return the address of each
        object written (counted requests, errors as `GitHubError`)."""
        return Applier(rest=self._repo_request).apply(changes).addresses

    def _repo_request(self, verb: str, path: str, data: dict[str, Any] | None) -> dict[str, Any]:
        _, body = self._request(verb, f"/repos/{self.repo}{path}", body=data)
        return dict(body or {})


def open_repository(settings: Settings, repo: str = "") -> GitHubRepo:
    """The one way a command connects: the shared client (auth, pacing, retries) for `repo`."""
    client = connect(settings.api_url, settings.token, settings.pacing)
    return GitHubRepo(
        client, repo, graphql_url=settings.graphql_url, max_wait=settings.pacing.max_rate_limit_wait
    )


def _can_write(permissions: object) -> bool | None:
    """Whether the token may push (and so edit issues); None when GitHub does not say."""
    if not isinstance(permissions, dict):
        return None
    return bool(permissions.get("push") or permissions.get("admin") or permissions.get("maintain"))


def _commit(data: dict[str, Any]) -> Commit:
    author = data.get("author") or {}
    git_author = (data.get("commit") or {}).get("author") or {}
    authored = time_of(git_author.get("date")) or EPOCH
    return Commit(
        sha=data["sha"],
        authored_at=authored,
        author_login=author.get("login"),
        author_type=author.get("type"),
        author_email=git_author.get("email") or "",
    )
