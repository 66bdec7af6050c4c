"""Which GitHub repository a clone belongs to, from its origin remote."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from llm_roadmap.errors import UsageError
from llm_roadmap.repository import parse_remote, resolve_repo

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/octocat/my-year.git", "octocat/my-year"),
        ("https://github.com/octocat/my-year", "octocat/my-year"),
        ("https://x-access-token:abc@github.com/octocat/my-year.git", "octocat/my-year"),
        ("git@github.com:octocat/my-year.git", "octocat/my-year"),
        ("ssh://git@github.com/octocat/my.year.git", "octocat/my.year"),
        ("https://ghe.example.com/team/llm-year/", "team/llm-year"),
        ("/home/me/llm-year/.", None),  # a clone of a local clone
        ("../main", None),
        ("file:///srv/git/octocat/my-year.git", None),
    ],
)
def test_parse_remote(url: str, repo: str | None) -> None:
    assert parse_remote(url) == repo


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/-/-.git",
        "https://github.com/octocat/...git",
        "git@github.com:octocat/..",
    ],
)
def test_parse_remote_refuses_what_github_never_names(url: str) -> None:
    assert parse_remote(url) is None


def test_an_empty_repo_option_is_an_error_not_the_default(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="invalid repository ''"):
        resolve_repo("", "octocat/llm-year", tmp_path)


def test_the_option_wins_over_the_config(tmp_path: Path) -> None:
    assert resolve_repo("me/mine", "octocat/llm-year", tmp_path) == "me/mine"
    assert resolve_repo(None, "octocat/llm-year", tmp_path) == "octocat/llm-year"
