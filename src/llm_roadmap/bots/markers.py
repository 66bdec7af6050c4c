"""Hidden markers for what the bots own: comments, the reminder issue, dashboard sections.

They live in their own namespace, `<!-- roadmap:bot:... -->`, which
`plan.markers.find_key` never reads as an item key, so bootstrap never mistakes a bot's
object for a roadmap item (nor closes it as "removed").

A marker alone is not proof of ownership: anyone can paste one into a comment. A bot
edits only a comment that carries its marker *and* was written by a trusted author
(the identity running the bot, or the Actions bot that runs it in the workflow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.bots.snapshot import CommentSnapshot, IssueSnapshot

ACTIONS_BOT = "github-actions[bot]"


def bot_marker(key: str) -> str:
    return f"<!-- roadmap:bot:{key} -->"


def has_marker(body: str | None, key: str) -> bool:
    return bot_marker(key) in (body or "")


def trusted_authors(me: str | None) -> frozenset[str]:
    """Who may have written a bot's comment: this run's identity and the Actions bot."""
    return frozenset(a.casefold() for a in (me, ACTIONS_BOT) if a)


def find_comment(
    comments: Iterable[CommentSnapshot], key: str, authors: frozenset[str]
) -> CommentSnapshot | None:
    """The first comment carrying `key`'s marker and written by a trusted author."""
    for comment in comments:
        if has_marker(comment.body, key) and (comment.author or "").casefold() in authors:
            return comment
    return None


def find_issue(issues: Iterable[IssueSnapshot], key: str, authors: frozenset[str]) -> IssueSnapshot | None:
    """The oldest issue carrying `key`'s marker and opened by a trusted author."""
    mine = [i for i in issues if has_marker(i.body, key) and (i.author or "").casefold() in authors]
    return min(mine, key=lambda i: i.number, default=None)
