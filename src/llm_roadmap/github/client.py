"""One configured PyGithub client: auth, pacing, retries. GraphQL goes through it too.

GitHub asks integrators to make writes serially and at least one second apart, and to
honour `Retry-After` and `x-ratelimit-reset` on 403/429 (docs: "Best practices for
using the REST API"). PyGithub's requester already paces writes
(`seconds_between_writes`) and its `GithubRetry` waits out rate limits, so both REST and
GraphQL share one place for politeness. GraphQL rate limits arrive as HTTP 200 with an
`errors` entry of type RATE_LIMITED; `graphql()` waits and retries those itself.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import github
from github import Auth, Github, GithubException, GithubRetry

from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from collections.abc import Callable


def connect(api_url: str, token: str | None, pacing: Pacing | None = None) -> Github:
    """A PyGithub client for `api_url` (github.com or GHES, or the test server)."""
    pacing = pacing or Pacing()
    retry = GithubRetry(
        total=pacing.retries,
        backoff_factor=pacing.backoff_factor,
        status_forcelist=[429, 500, 502, 503, 504],  # GithubRetry adds 403 itself
        secondary_rate_wait=60.0,
        max_rate_limit_wait=pacing.max_rate_limit_wait,
    )
    return Github(
        base_url=api_url,
        auth=Auth.Token(token) if token else None,
        retry=retry,
        timeout=int(pacing.timeout),
        per_page=100,
        seconds_between_requests=pacing.seconds_between_requests or None,
        seconds_between_writes=pacing.seconds_between_writes or None,
    )


class GraphQLError(GitHubError):
    """GitHub answered a GraphQL document with errors."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.errors = errors

    @property
    def types(self) -> set[str]:
        return {str(e.get("type")) for e in self.errors if e.get("type")}


def graphql(
    client: Github,
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    retries: int = 3,
    max_wait: float = 900.0,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Run one GraphQL document through PyGithub's requester; return `data`.

    Rate-limit errors (HTTP 200, type RATE_LIMITED) are retried after the reset the
    response headers name, at most `retries` times.
    """
    requester = client.requester
    for attempt in range(retries + 1):
        try:
            headers, body = requester.requestJsonAndCheck(
                "POST", url, input={"query": query, "variables": variables or {}}
            )
        except GithubException as exc:
            raise GitHubError(f"GitHub GraphQL request failed ({exc.status}): {_message(exc.data)}") from exc
        errors = body.get("errors") or []
        if not errors:
            return dict(body.get("data") or {})
        error = GraphQLError("; ".join(str(e.get("message")) for e in errors), errors)
        if "RATE_LIMITED" not in error.types or attempt == retries:
            raise error
        wait = _rate_limit_wait(headers)
        if wait > max_wait:
            raise GitHubError(
                f"GitHub's GraphQL rate limit is used up for {wait / 60:.0f} more minutes\n"
                "  hint: nothing is lost: run the same command again after that"
            )
        sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises


def _rate_limit_wait(headers: dict[str, Any]) -> float:
    if "retry-after" in headers:
        return float(headers["retry-after"])
    reset = headers.get("x-ratelimit-reset")
    if reset:
        return max(0.0, float(reset) - time.time()) + 1.0
    return 60.0


def _message(data: Any) -> str:
    if isinstance(data, dict):
        return str(data.get("message") or data.get("errors") or data)
    return str(data)


__all__ = ["Pacing", "connect", "github", "graphql"]
