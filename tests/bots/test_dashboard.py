"""The dashboard's bot sections: only they are rewritten; bootstrap's block and the learner's text stay."""

from __future__ import annotations

from llm_roadmap import ownership
from llm_roadmap.bots.limits import fit
from llm_roadmap.bots.markers import find_comment
from llm_roadmap.ownership import bot_marker, read_bot_section, replace_bot_section, trusted_authors
from llm_roadmap.snapshot import Comment

BOOTSTRAP = ownership.wrap("dashboard", "## 📊 Dashboard")
LEARNER = "My own notes, never touched."


def test_a_new_section_goes_right_after_bootstraps_block() -> None:
    body = BOOTSTRAP + "\n" + LEARNER + "\n"
    new = replace_bot_section(body, "status", "🔥 3 days")
    assert new.startswith(BOOTSTRAP.rstrip("\n") + "\n\n<!-- roadmap:bot:status:begin -->\n🔥 3 days\n")
    assert new.endswith("<!-- roadmap:bot:status:end -->\n\n" + LEARNER + "\n")
    assert ownership.managed_part(new) == "## 📊 Dashboard"
    assert ownership.find_key(new) == "dashboard"


def test_rewriting_is_stable_and_touches_nothing_else() -> None:
    body = replace_bot_section(BOOTSTRAP + LEARNER, "status", "one")
    again = replace_bot_section(body, "status", "two")
    assert read_bot_section(again, "status") == "two"
    assert again.replace("two", "one") == body
    assert replace_bot_section(again, "status", "two") == again
    assert read_bot_section(again, "weekly") is None


def test_a_body_without_bootstraps_block_gets_the_section_at_the_end() -> None:
    assert replace_bot_section("hello", "status", "x") == (
        "hello\n\n<!-- roadmap:bot:status:begin -->\nx\n<!-- roadmap:bot:status:end -->\n"
    )


def test_bot_markers_are_never_read_as_roadmap_keys() -> None:
    for key in ("streak-reminder", "weekly:2027-W03", "graduation:p1", "status:begin"):
        assert ownership.find_key(bot_marker(key)) is None
    assert (
        ownership.find_key(bot_marker("weekly:2027-W03") + "\n" + ownership.key_marker("p1.epic"))
        == "p1.epic"
    )


def test_a_marker_alone_does_not_make_a_comment_ours() -> None:
    marker = bot_marker("weekly:2027-W03")
    comments = [
        Comment(1, f"quoting the bot: {marker}", "someone-else"),
        Comment(2, marker, "github-actions[bot]"),
        Comment(3, marker, "octocat"),
    ]
    assert find_comment(comments, "weekly:2027-W03", trusted_authors(None)).id == 2
    assert find_comment(comments[::-1], "weekly:2027-W03", trusted_authors("OctoCat")).id == 3
    assert find_comment(comments[:1], "weekly:2027-W03", trusted_authors("octocat")) is None


def test_fit_cuts_at_a_line_and_keeps_the_notice() -> None:
    body = "\n".join(f"line {n}" for n in range(20_000))
    cut = fit(body, "✂️ cut")
    assert len(cut) <= 65_536
    assert cut.endswith("\n\n✂️ cut")
    assert cut.split("\n")[-3].startswith("line ")
    assert fit("short", "✂️") == "short"
