"""Hidden markers for what the bots own: comments, the reminder issue, dashboard sections.

They live in their own namespace, `<!-- roadmap:bot:... -->`, which
`plan.markers.find_key` never reads as an item key, so bootstrap never mistakes a bot's
object for a roadmap item (nor closes it as "removed").

A marker alone is not proof of ownership: anyone can paste one into a comment. Which
marked objects a bot may adopt is decided by `llm_roadmap.ownership.is_ours`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.ownership import ACTIONS_BOT, is_ours, trusted_authors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.snapshot import Comment

__all__ = [
    "ACTIONS_BOT",
    "bot_marker",
    "find_comment",
    "has_marker",
    "lookalike_comments",
    "trusted_authors",
]


def bot_marker(key: str) -> str:
    return f"<!-- roadmap:bot:{key} -->"


def has_marker(body: str | None, key: str) -> bool:
    return bot_marker(key) in (body or "")


def find_comment(comments: Iterable[Comment], key: str, authors: frozenset[str]) -> Comment | None:
    """The first comment carrying `key`'s marker that is ours (`ownership.is_ours`)."""
    for comment in comments:
        if is_ours(marked=has_marker(comment.body, key), author=comment.author, authors=authors):
            return comment
    return None


def lookalike_comments(comments: Iterable[Comment], key: str, authors: frozenset[str]) -> list[Comment]:
    """Comments carrying `key`'s marker that are not ours: ignored, and said so."""
    return [
        c
        for c in comments
        if has_marker(c.body, key) and not is_ours(marked=True, author=c.author, authors=authors)
    ]
