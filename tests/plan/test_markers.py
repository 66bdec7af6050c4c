"""Ownership markers, the applied record and checkbox carry-over."""

from __future__ import annotations

import datetime as dt

import pytest

from llm_roadmap import ownership
from llm_roadmap.plan.applied import AppliedRecord, read_applied
from llm_roadmap.plan.checkboxes import carry_ticks, ticked


def test_wrap_and_find_key() -> None:
    body = ownership.wrap("p1.w1-4.python-basics", "hello")
    assert ownership.find_key(body) == "p1.w1-4.python-basics"
    assert ownership.managed_part(body) == "hello"


@pytest.mark.parametrize(
    "body",
    [None, "", "plain text", "<!-- roadmap:begin -->x<!-- roadmap:end -->", "<!-- roadmap:Bad Key -->"],
)
def test_find_key_ignores_bodies_without_a_key(body: str | None) -> None:
    assert ownership.find_key(body) is None


def test_replace_managed_keeps_text_around_it() -> None:
    body = "intro\n" + ownership.wrap("k", "old") + "\nafter\n"
    new = ownership.replace_managed(body, "new")
    assert new.startswith("intro\n<!-- roadmap:k -->\n<!-- roadmap:begin -->\nnew\n<!-- roadmap:end -->")
    assert new.endswith("\nafter\n")


def test_replace_managed_appends_when_block_was_deleted() -> None:
    assert ownership.replace_managed("<!-- roadmap:k -->\nmine", "new").endswith(
        "mine\n\n<!-- roadmap:begin -->\nnew\n<!-- roadmap:end -->\n"
    )


def test_applied_round_trip() -> None:
    applied = AppliedRecord(
        title="T -- with dashes",
        milestone="M",
        labels=("a", "★"),
        board={"Start": dt.date(2027, 1, 4), "Hours": 20.0, "Phase": "Phase 1"},
    )
    body = f"x\n{applied.marker()}\ny"
    assert "-- with" not in applied.marker()  # an HTML comment must not contain "--"
    assert read_applied(body) == applied


@pytest.mark.parametrize("body", ["", "<!-- roadmap:applied !!! -->", "<!-- roadmap:applied e30= -->"])
def test_unreadable_applied_record_is_none(body: str) -> None:
    assert read_applied(body) is None


def test_ticks_are_carried_by_text() -> None:
    old = "- [x] read docs\n- [ ] write code\n* [X] log it\n"
    new = "- [ ] read docs\n- [ ] write code\n* [ ] log it\n- [ ] new item\n"
    assert ticked(old) == {"read docs", "log it"}
    assert carry_ticks(old, new) == "- [x] read docs\n- [ ] write code\n* [x] log it\n- [ ] new item\n"


def test_check_items_read_only_marked_lines() -> None:
    body = (
        "- [x] The files exist <!-- roadmap-check-item:p1.d01.simple-chat/files -->\n"
        "- [ ] It answers <!-- roadmap-check-item:p1.d01.simple-chat/chat -->\n"
        "- [x] a learner's own item\n"
        "  * [X] nested <!-- roadmap-check-item:p1.d01.simple-chat/ruff -->\n"
        "text <!-- roadmap-check-item:p1.d01.simple-chat/parse -->\n"
    )
    assert ownership.check_items(body) == {
        "p1.d01.simple-chat/files": True,
        "p1.d01.simple-chat/chat": False,
        "p1.d01.simple-chat/ruff": True,
    }
