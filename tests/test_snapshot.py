"""The snapshot model's own rules: which issue a key names, and who the learner is."""

from __future__ import annotations

from llm_roadmap.ownership import key_marker, trusted_authors
from llm_roadmap.snapshot import Issue, Issues, Repo

AUTHORS = trusted_authors("octocat", None)


def _issue(number: int, key: str, author: str = "octocat") -> Issue:
    return Issue(number, key, f"{key_marker(key)}\nbody", "open", author=author)


def test_the_oldest_of_our_issues_wins_a_key_and_the_younger_are_duplicates() -> None:
    """Bootstrap and the bots sort issues with this one rule (`Issues.of`), whatever read them."""
    young = _issue(9, "dashboard")
    old = _issue(3, "dashboard")
    stranger = _issue(5, "dashboard", author="mallory")
    unkeyed = Issue(1, "notes", "no marker", "open", author="octocat")
    issues = Issues.of([young, stranger, unkeyed, old], authors=AUTHORS)
    assert issues.by_key == {"dashboard": old}
    assert issues.duplicates == (young,)
    assert issues.ignored == (stranger,)
    assert issues.all == (young, stranger, unkeyed, old)


def test_the_learner_is_the_owner_of_a_personal_repository_only() -> None:
    assert Repo("octocat/y", "octocat", "User").learner == "octocat"
    assert Repo("school/y", "school", "Organization").learner is None
