"""The bots' own comments and issues, found by their marker and the ownership rule.

The marker (`<!-- roadmap:bot:KEY -->`) is `llm_roadmap.ownership.bot_marker`, never read
as an item key. A marker alone is not proof of ownership: anyone can paste one into a
comment. Which marked objects a bot may adopt is decided by `ownership.is_ours`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.ownership import ACTIONS_BOT, has_bot_marker, is_ours, trusted_authors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.bots.snapshot import CommentSnapshot, IssueSnapshot

__all__ = [
    "ACTIONS_BOT",
    "find_comment",
    "find_issue",
    "lookalike_comments",
    "trusted_authors",
]


def find_comment(
    comments: Iterable[CommentSnapshot], key: str, authors: frozenset[str]
) -> CommentSnapshot | None:
    """The first comment carrying `key`'s marker that is ours (`ownership.is_ours`)."""
    for comment in comments:
        if is_ours(marked=has_bot_marker(comment.body, key), author=comment.author, authors=authors):
            return comment
    return None


def lookalike_comments(
    comments: Iterable[CommentSnapshot], key: str, authors: frozenset[str]
) -> list[CommentSnapshot]:
    """Comments carrying `key`'s marker that are not ours: ignored, and said so."""
    return [
        c
        for c in comments
        if has_bot_marker(c.body, key) and not is_ours(marked=True, author=c.author, authors=authors)
    ]


def find_issue(issues: Iterable[IssueSnapshot], key: str, authors: frozenset[str]) -> IssueSnapshot | None:
    """The oldest issue carrying `key`'s marker that is ours (`ownership.is_ours`)."""
    mine = [
        i
        for i in issues
        if is_ours(marked=has_bot_marker(i.body, key), author=i.author, authors=authors, labels=i.labels)
    ]
    return min(mine, key=lambda i: i.number, default=None)
