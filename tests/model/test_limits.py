"""GitHub's rules for names, checked before anything is sent."""

from __future__ import annotations

import pytest

from llm_roadmap.model.limits import is_repo_name


@pytest.mark.parametrize(
    "value",
    ["octocat/llm-year", "a/b", "Octo-Cat/my.repo_1", "o" * 39 + "/x", "octocat/" + "n" * 100, "a/.github"],
)
def test_possible_repository_names(value: str) -> None:
    assert is_repo_name(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "octocat",
        "a/..",
        "a/.",
        "-/-",
        "-octocat/x",
        "o" * 40 + "/x",
        "octocat/" + "n" * 101,
        "octocat/llm-year\n",
        "octocat/llm year",
        "a/b/c",
        "/x",
        "x/",
        "octo_cat/x",
    ],
)
def test_impossible_repository_names(value: str) -> None:
    assert not is_repo_name(value)
