"""The bots' own comments and issues, found by their marker and the ownership rule.

The marker (`<!-- roadmap:bot:KEY -->`) is `llm_roadmap.ownership.bot_marker`, never read
as an item key. A marker alone is not proof of ownership: anyone can paste one into a
comment. Which marked objects a bot may adopt is decided by `ownership.is_ours`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap import snapshot
from llm_roadmap.ownership import bot_marker, has_bot_marker, is_ours

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llm_roadmap.snapshot import Comment


def find_comment(comments: Iterable[Comment], key: str, authors: frozenset[str]) -> Comment | None:
    """The first comment carrying `key`'s marker that is ours (`snapshot.find_comment`)."""
    return snapshot.find_comment(comments, bot_marker(key), authors)


def lookalike_comments(comments: Iterable[Comment], key: str, authors: frozenset[str]) -> list[Comment]:
    """Comments carrying `key`'s marker that are not ours: ignored, and said so."""
    return [
        c
        for c in comments
        if has_bot_marker(c.body, key) and not is_ours(marked=True, author=c.author, authors=authors)
    ]
