"""The one ownership rule: a marker plus a trusted author or the `roadmap` label."""

from __future__ import annotations

import pytest

from llm_roadmap import ownership, snapshot
from llm_roadmap.bots.markers import find_comment
from llm_roadmap.ownership import LABEL_EVIDENCE, bot_marker, is_ours, trusted_authors
from llm_roadmap.snapshot import Comment, Issue, Issues, find_issue

AUTHORS = trusted_authors("OctoCat", None)


def test_trusted_authors_always_include_the_actions_bot_and_fold_case() -> None:
    assert frozenset({"octocat", "github-actions[bot]", LABEL_EVIDENCE}) == AUTHORS
    assert trusted_authors(label=False) == frozenset({"github-actions[bot]"})


def test_without_label_evidence_only_the_author_counts() -> None:
    """While an issue form applies `roadmap`, anyone's issue may carry it."""
    strict = trusted_authors("octocat", label=False)
    assert not is_ours(marked=True, author="stranger", authors=strict, labels=("roadmap",))
    assert is_ours(marked=True, author="octocat", authors=strict, labels=())


@pytest.mark.parametrize(
    ("marked", "author", "labels", "ours"),
    [
        (True, "octocat", (), True),
        (True, "OCTOCAT", (), True),
        (True, "github-actions[bot]", (), True),
        (True, "member-of-the-org", ("Roadmap",), True),  # labelled by someone with triage access
        (True, "stranger", (), False),
        (True, "stranger", ("submission",), False),
        (True, None, (), False),  # a deleted account ("ghost")
        (False, "octocat", ("roadmap",), False),  # no marker: never ours
    ],
)
def test_is_ours(marked: bool, author: str | None, labels: tuple[str, ...], ours: bool) -> None:
    assert is_ours(marked=marked, author=author, authors=AUTHORS, labels=labels) is ours


def _issue(number: int, key: str, author: str, labels: tuple[str, ...] = ()) -> Issue:
    return Issue(number, "t", ownership.wrap(key, "x"), "open", labels=labels, author=author)


def test_issues_index_only_our_issues_and_set_strangers_aside() -> None:
    forged = _issue(1, "dashboard", "stranger")
    forged_skill = _issue(2, "p1.w1-4.python-basics", "stranger", ("submission",))
    real = _issue(3, "dashboard", "octocat")
    by_label = _issue(4, "p1.w1-4.python-basics", "member", ("roadmap",))
    issues = Issues.of([forged, forged_skill, real, by_label], authors=AUTHORS)
    assert issues.by_key == {"dashboard": real, "p1.w1-4.python-basics": by_label}
    assert issues.ignored == (forged, forged_skill)


def test_bot_lookups_skip_forged_comments_and_issues() -> None:
    body = bot_marker("weekly:2027-W03")
    forged = Comment(1, body, "stranger")
    ours = Comment(2, body, "github-actions[bot]")
    assert find_comment([forged], "weekly:2027-W03", AUTHORS) is None
    assert find_comment([forged, ours], "weekly:2027-W03", AUTHORS) is ours
    reminder = bot_marker("reminder")
    stranger = Issue(1, "t", reminder, "open", author="stranger")
    labelled = Issue(2, "t", reminder, "open", labels=("roadmap",), author="member")
    assert find_issue([stranger], reminder, AUTHORS) is None
    assert find_issue([stranger, labelled], reminder, AUTHORS) is labelled


def test_find_comment_takes_any_marker_and_the_first_comment_that_is_ours() -> None:
    """`roadmap check --publish` and the bots find their comment the same way."""
    marker = ownership.check_comment_marker("p1.w1-4.python-basics")
    forged = Comment(1, marker, "stranger")
    gpu = Comment(2, ownership.check_comment_marker("p1.w1-4.python-basics", "gpu"), "octocat")
    first, second = Comment(3, f"{marker}\nold", "OctoCat"), Comment(4, marker, "octocat")
    assert snapshot.find_comment([forged, gpu], marker, AUTHORS) is None
    assert snapshot.find_comment([forged, gpu, first, second], marker, AUTHORS) is first


def test_the_plan_names_look_alikes_by_number_and_author_only_and_bounded() -> None:
    from llm_roadmap.changes import Plan
    from llm_roadmap.plan.diff import MAX_LOOKALIKES, _lookalikes
    from llm_roadmap.plan.notes import IgnoredLookalike, MoreLookalikes
    from llm_roadmap.snapshot import Existing, Lookalike

    existing = Existing(ignored=[Lookalike(n, "mallory", "dashboard") for n in range(1, 41)])
    existing.ignored.append(Lookalike(99, None, "x" * 5000))
    plan = Plan()
    _lookalikes(existing, {"dashboard"}, plan)
    assert len(plan.left_alone) == MAX_LOOKALIKES + 1
    assert plan.left_alone[0] == IgnoredLookalike(1, "mallory", "dashboard")
    assert plan.left_alone[-1] == MoreLookalikes(41 - MAX_LOOKALIKES)
