"""The cohort issue's pure plan: opened once, edited when its text differs, a stranger's copy
of the marker never adopted."""

from __future__ import annotations

from llm_roadmap.changes import CreateIssue, UpdateIssue
from llm_roadmap.cohort.publish import MARKER, authors, plan
from llm_roadmap.snapshot import Issue, find_issue

BODY = f"{MARKER}\n| learner | progress |\n"


def test_the_first_run_opens_the_issue() -> None:
    assert plan(None, "Cohort", BODY) == ([CreateIssue("Cohort", BODY, ())], "created")


def test_an_unchanged_issue_is_left_alone_and_a_changed_one_edited() -> None:
    issue = Issue(3, "Cohort", BODY, "open", author="mentor")
    assert plan(issue, "Cohort", BODY) == ([], "unchanged")
    assert plan(issue, "Cohort 2", BODY + "x") == (
        [UpdateIssue(3, body=BODY + "x", title="Cohort 2")],
        "updated",
    )


def test_only_the_mentors_or_the_bots_issue_is_ours_label_or_not() -> None:
    stranger = Issue(1, "Cohort", BODY, "open", labels=("roadmap",), author="mallory")
    bots = Issue(2, "Cohort", BODY, "open", author="github-actions[bot]")
    mine = Issue(4, "Cohort", BODY, "open", author="Mentor")
    assert find_issue([stranger], MARKER, authors("mentor")) is None
    assert find_issue([mine, stranger, bots], MARKER, authors("mentor")) == bots
