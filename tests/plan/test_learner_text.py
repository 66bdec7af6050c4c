"""Text the learner writes inside the managed block is never dropped by a re-run: lines
the tool did not write are moved below the block, and the plan says so."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

from llm_roadmap import ownership
from llm_roadmap.changes import UpdateIssue
from llm_roadmap.plan.applied import AppliedRecord, line_hashes, read_applied
from llm_roadmap.plan.diff import Options, compose_body, diff
from plan.test_diff import applied_state
from plan.test_diff import desired as desired

if TYPE_CHECKING:
    from llm_roadmap.plan.desired import Desired
    from llm_roadmap.snapshot import Existing

KEY = "p1.w1-4.python-basics"
HEADING = "<!-- roadmap:moved -->\n> moved"
NOTE = "メモ: ここは uv で環境を作った\n\n- 自分用の追加リンク https://example.com"


def _edit(existing: Existing, body: str) -> None:
    existing.issues[KEY] = dataclasses.replace(existing.issues[KEY], body=body)


def _body_change(desired: Desired, existing: Existing) -> tuple[str, str] | None:
    changes = [c for c in diff(desired, existing, Options(moved_heading=HEADING)).changes if c.key == KEY]
    if not changes:
        return None
    [change] = changes
    assert isinstance(change, UpdateIssue)
    return change.body or "", change.reason


def _insert_note(body: str) -> str:
    """The note written in the middle of the block, and a tool line reworded."""
    lines = body.split("\n")
    middle = len(lines) // 2
    return "\n".join([*lines[:middle], "", NOTE, "", *lines[middle:]])


@pytest.mark.parametrize("roadmap_changed", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_a_note_inside_the_block_is_moved_below_it(
    desired: Desired, roadmap_changed: bool, crlf: bool
) -> None:
    existing = applied_state(desired)
    edited = _insert_note(existing.issues[KEY].body).replace("- [ ]", "- [x]", 1)
    if crlf:  # GitHub's web editor saves CRLF
        edited = edited.replace("\n", "\r\n")
    _edit(existing, edited + "\n\n私のメモ (outside)\n")
    want = desired
    if roadmap_changed:
        issues = tuple(
            dataclasses.replace(i, body=i.body.replace("\n", "\n追加の説明\n", 1)) if i.key == KEY else i
            for i in desired.issues
        )
        want = dataclasses.replace(desired, issues=issues)
    result = _body_change(want, existing)
    assert result is not None
    body, reason = result
    assert reason == "moved"
    managed = ownership.managed_part(body) or ""
    assert "メモ: ここは uv" not in managed
    assert ("追加の説明" in managed) is roadmap_changed
    assert "- [x]" in managed  # the tick survives
    after = body.split(ownership.END, 1)[1]
    assert after.startswith(f"\n\n{HEADING}\n\n{NOTE}\n")
    assert after.endswith("私のメモ (outside)\n")

    _edit(existing, body)  # applied: the next run has nothing left to move
    assert _body_change(want, existing) is None


def test_an_untouched_block_moves_nothing(desired: Desired) -> None:
    existing = applied_state(desired)
    _edit(existing, existing.issues[KEY].body.replace("- [ ]", "- [x]"))
    assert _body_change(desired, existing) is None


def test_an_issue_from_an_older_bootstrap_keeps_every_unknown_line(desired: Desired) -> None:
    """No line record: every line the new text lacks is kept (a stray line, not a lost one)."""
    existing = applied_state(desired)
    issue = desired.issue(KEY)
    old = read_applied(compose_body(desired, issue))
    assert old is not None
    legacy = dataclasses.replace(old, managed=None).marker()
    body = ownership.wrap(KEY, f"{_insert_note(issue.body)}\n\n{legacy}")
    _edit(existing, body)
    result = _body_change(desired, existing)
    assert result is not None
    assert f"{HEADING}\n\n{NOTE}\n" in result[0]


def test_the_record_holds_line_hashes() -> None:
    record = AppliedRecord("t", None, (), managed=line_hashes("a\n\n- [x] b\n"))
    assert record.managed == line_hashes("- [ ] b\r\na")
    again = read_applied(record.marker())
    assert again == record
