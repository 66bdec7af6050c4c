"""Pytest fixtures: the fake GitHub server, and a guard against reaching the real GitHub.

Loaded for the whole suite by ``tests/conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

import pytest

from testing.fake_github import FakeGitHub

if TYPE_CHECKING:
    from collections.abc import Iterator

BLOCKED_DOMAINS = ("github.com", "githubusercontent.com")


class RealGitHubAccessError(RuntimeError):
    """Raised when code under test tries to reach a real GitHub host.

    Deliberately not an ``OSError``: HTTP clients would treat that as a transient network
    error and retry or wrap it; this one propagates as is.
    """


def _blocked(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    host = host.rstrip(".").lower()
    return any(host == d or host.endswith("." + d) for d in BLOCKED_DOMAINS)


@pytest.fixture(autouse=True)
def no_real_github(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse DNS lookups / connections to github.com, api.github.com, uploads.github.com...

    Any attempt raises :class:`RealGitHubAccessError` and fails the test at teardown, even
    if the code swallowed the exception. Yields the list of attempted hosts (a test of the
    guard itself may clear it).
    """
    attempts: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_create_connection = socket.create_connection

    def check(host: Any) -> None:
        if _blocked(host):
            attempts.append(str(host))
            raise RealGitHubAccessError(f"tests must not reach the real GitHub ({host})")

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        check(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        check(address[0])
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    yield attempts
    if attempts:
        pytest.fail(f"the test tried to reach the real GitHub: {attempts}")


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A running :class:`FakeGitHub`; the test fails if it saw any violation."""
    with FakeGitHub() as gh:
        yield gh
    if gh.violations:
        details = "\n".join(f"- {v}" for v in gh.violations)
        pytest.fail(f"fake GitHub saw {len(gh.violations)} violation(s):\n{details}", pytrace=False)
