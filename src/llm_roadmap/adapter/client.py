"""One configured PyGithub client: auth, pacing, retries. GraphQL goes through it too.

GitHub asks integrators to make writes serially and at least one second apart, and to
honour `Retry-After` and `x-ratelimit-reset` on 403/429 (docs: "Best practices for
using the REST API"). PyGithub's requester already paces writes
(`seconds_between_writes`) and its `GithubRetry` waits out rate limits, so both REST and
GraphQL share one place for politeness. GraphQL rate limits arrive as HTTP 200 with an
`errors` entry of type RATE_LIMITED; `graphql()` waits and retries those itself.

A POST is never sent twice blindly. GitHub may apply a write whose answer is lost (a
5xx, a timeout, a reset connection), and a second POST then makes a second issue. So the
HTTP layer retries a POST only when GitHub refused it for a rate limit (403/429, nothing
applied); any other lost answer reaches the caller, which reads back by key before
trying again (`adapter.apply`). GETs and PATCHes (they set absolute values) are retried.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import requests
from github import Auth, Github, GithubException, GithubRetry
from urllib3.util.retry import Retry

from llm_roadmap.adapter.errors import RESUME, github_message
from llm_roadmap.errors import GitHubError
from llm_roadmap.pacing import Pacing

if TYPE_CHECKING:
    from collections.abc import Callable


RATE_LIMITED_STATUSES = frozenset({403, 429})  # refused, never applied: safe to send again


class NoBlindRepostRetry(GithubRetry):
    """`GithubRetry` that sends a POST again only after a rate-limit refusal.

    POST is left out of `allowed_methods`, so urllib3 does not resend it after a read
    error (timeout, reset) either; connection errors before anything was sent are
    still retried, as urllib3 does for every method.
    """

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() == "POST":
            return status_code in RATE_LIMITED_STATUSES and status_code in (self.status_forcelist or ())
        return super().is_retry(method, status_code, has_retry_after)


def connect(api_url: str, token: str | None, pacing: Pacing | None = None) -> Github:
    """A PyGithub client for `api_url` (github.com or GHES, or the test server)."""
    pacing = pacing or Pacing()
    retry = NoBlindRepostRetry(
        total=pacing.retries,
        backoff_factor=pacing.backoff_factor,
        status_forcelist=[429, 500, 502, 503, 504],  # GithubRetry adds 403 itself
        allowed_methods=Retry.DEFAULT_ALLOWED_METHODS | {"GET", "PATCH"},
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


class AnswerLost(GitHubError):
    """A GraphQL mutation went out and its answer did not come back (5xx, timeout, reset):
    GitHub may have applied it. Read back before sending it again."""


class GraphQLError(GitHubError):
    """GitHub answered a GraphQL document with errors."""

    def __init__(self, message: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.errors = errors

    @property
    def types(self) -> set[str]:
        return {str(e.get("type")) for e in self.errors if e.get("type")}


class RateLimitSpent(GitHubError):
    """GitHub's GraphQL points are used up for longer than the caller will wait."""

    def __init__(self, wait: float) -> None:
        super().__init__(
            f"GitHub's GraphQL rate limit is used up for {wait / 60:.0f} more minutes\n"
            "  hint: nothing is lost: run the same command again after that"
        )
        self.wait = wait


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
    response headers name, at most `retries` times; any error left is a `GraphQLError`.
    """
    data, errors = _exchange(client, url, query, variables or {}, retries, max_wait, sleep)
    if errors:
        raise GraphQLError("; ".join(str(e.get("message")) for e in errors), errors)
    return data


def graphql_partial(
    client: Github,
    url: str,
    query: str,
    variables: dict[str, Any],
    *,
    retries: int = 3,
    max_wait: float = 900.0,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`(data, errors)` of one document: a repository that cannot be read is an error
    beside the others' data, not a failure of the batch. Rate limits are waited out as
    in `graphql`; a wait over `max_wait` raises `RateLimitSpent`."""
    return _exchange(client, url, query, variables, retries, max_wait, sleep)


def _exchange(
    client: Github,
    url: str,
    query: str,
    variables: dict[str, Any],
    retries: int,
    max_wait: float,
    sleep: Callable[[float], None],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The one GraphQL loop: send, wait out RATE_LIMITED (at most `retries` times), send a
    query again after a lost answer; return `data` and the errors GitHub answered with."""
    requester = client.requester
    for attempt in range(retries + 1):
        try:
            headers, body = requester.requestJsonAndCheck(
                "POST", url, input={"query": query, "variables": variables}
            )
        except GithubException as exc:
            if not answer_lost(exc):
                raise GitHubError(
                    f"GitHub GraphQL request failed ({exc.status}): {github_message(exc.data)}"
                ) from exc
            _after_lost_answer(exc, query, attempt, retries, sleep)
            continue
        except requests.RequestException as exc:
            _after_lost_answer(exc, query, attempt, retries, sleep)
            continue
        errors = list(body.get("errors") or [])
        limited = any(e.get("type") == "RATE_LIMITED" for e in errors)
        if not limited or attempt == retries:
            return dict(body.get("data") or {}), errors
        wait = _rate_limit_wait(headers)
        if wait > max_wait:
            raise RateLimitSpent(wait)
        sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover - the loop always returns or raises


def _after_lost_answer(
    exc: Exception, query: str, attempt: int, retries: int, sleep: Callable[[float], None]
) -> None:
    """A mutation's lost answer goes to the caller (it reads back); a query is sent again."""
    if is_mutation(query):
        raise AnswerLost(
            f"GitHub's answer to a GraphQL mutation was lost: {_lost(exc)}\n  hint: {RESUME}"
        ) from exc
    if attempt == retries:
        raise GitHubError(f"GitHub GraphQL request failed: {_lost(exc)}\n  hint: {RESUME}") from exc
    sleep(min(2.0**attempt, 30.0) if attempt else 0.0)


def answer_lost(exc: BaseException) -> bool:
    """True when a request may have been applied although no answer came back."""
    if isinstance(exc, GithubException):
        return exc.status >= 500
    return isinstance(exc, requests.RequestException | AnswerLost)


def is_mutation(document: str) -> bool:
    """Whether a GraphQL document (one of ours: one operation, named keyword first) writes."""
    return document.lstrip().startswith("mutation")


def _lost(exc: BaseException) -> str:
    if isinstance(exc, GithubException):
        return f"HTTP {exc.status}: {github_message(exc.data)}"
    return f"{type(exc).__name__}: {exc}"


def _rate_limit_wait(headers: dict[str, Any]) -> float:
    if "retry-after" in headers:
        return float(headers["retry-after"])
    reset = headers.get("x-ratelimit-reset")
    if reset:
        return max(0.0, float(reset) - time.time()) + 1.0
    return 60.0
