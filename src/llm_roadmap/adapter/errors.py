"""GitHub's refusals mapped, in one place, to messages that say what to do."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import requests
from github import GithubException

from llm_roadmap.errors import GitHubError

if TYPE_CHECKING:
    from collections.abc import Iterator

RESUME = "nothing is lost: run the same command again to finish the job"
CLASSIC_TOKENS = "https://github.com/settings/tokens"
FINE_GRAINED_TOKENS = "https://github.com/settings/personal-access-tokens"


def translate(exc: GithubException, doing: str) -> GitHubError:
    """A `GitHubError` for a failed request made while `doing` something."""
    message = github_message(exc.data)
    status = exc.status
    if status == 401:
        hint = (
            "the token was rejected: create a new one (classic token scopes: repo, project)"
            " and set GITHUB_TOKEN"
        )
    elif status == 403 and "rate limit" in message.lower():
        hint = f"GitHub's rate limit was hit and did not reset in time; {RESUME}"
    elif status == 403 and (needed := _header(exc, "x-accepted-github-permissions")):
        hint = (
            f"the fine-grained token lacks {_permissions_text(needed)}: add it at"
            f" {FINE_GRAINED_TOKENS} (the token → Repository permissions) and run again; {RESUME}"
        )
    elif (
        status == 404
        and (needed := _header(exc, "x-accepted-oauth-scopes"))
        and _header(exc, "x-oauth-scopes") is not None
    ):
        has = _header(exc, "x-oauth-scopes") or "no scopes"
        hint = (
            f"the classic token has {has} but this needs one of: {needed}; tick it at"
            f" {CLASSIC_TOKENS} and run again; {RESUME}"
        )
    elif status == 403:
        hint = "the token may not do this: it needs push access to the repository (classic scope: repo)"
    elif status == 404:
        hint = "not found, or the token cannot see it: check --repo and the token's repository access"
    elif status == 422:
        hint = f"GitHub rejected the data; {RESUME}, and report it if it happens again"
    elif status >= 500:
        hint = f"GitHub is having trouble; {RESUME} later"
    else:
        hint = RESUME
    return GitHubError(f"{doing} failed: HTTP {status}: {message}\n  hint: {hint}", status)


def _header(exc: GithubException, name: str) -> str | None:
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    return headers.get(name)


def _permissions_text(accepted: str) -> str:
    """`issues=write; pull_requests=write` as GitHub's settings page words it."""
    words = {"read": "Read-only", "write": "Read and write", "admin": "Admin"}
    alternatives = []
    for alternative in accepted.split(";"):
        parts = []
        for item in alternative.split(","):
            name, _, level = item.strip().partition("=")
            parts.append(f"{name.replace('_', ' ').capitalize()}: {words.get(level, level)}")
        alternatives.append(" and ".join(parts))
    return " (or ".join(alternatives) + ")" * (len(alternatives) - 1)


def github_message(data: Any) -> str:
    """The text of GitHub's error answer: its `message`, and its `errors` when it lists any."""
    if isinstance(data, dict):
        text = str(data.get("message") or "")
        errors = data.get("errors")
        if errors:
            text += f" ({errors})"
        return text or str(data)
    return str(data)


@contextmanager
def talking_to_github(doing: str) -> Iterator[None]:
    """Turn any failure of a request made while `doing` something into a `GitHubError`.

    Besides GitHub's own refusals this covers what the HTTP layer raises when retries are
    used up (5xx) or the connection dies, so a crash mid-run ends with one clear line.
    """
    try:
        yield
    except GithubException as exc:
        raise translate(exc, doing) from None
    except requests.RequestException as exc:
        reason = type(exc).__name__
        raise GitHubError(
            f"{doing} failed: {reason}: {exc}\n  hint: GitHub could not be reached or kept failing; {RESUME}"
        ) from None
