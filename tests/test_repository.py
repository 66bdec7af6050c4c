"""Which GitHub repository a clone belongs to, from its origin remote."""

from __future__ import annotations

import pytest

from llm_roadmap.repository import parse_remote


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
