"""GitHub's size limits on what the bots write.

Issue and comment bodies are limited to 65,536 characters (the REST API answers 422
"body is too long (maximum is 65536 characters)"). The templates already cap their
lists; `fit` is the last guard, so a body is never refused.
"""

from __future__ import annotations

MAX_BODY = 65_536
# How many entries a list in a bot's text shows before "… and N more".
MAX_LIST = 15


def fit(body: str, notice: str, limit: int = MAX_BODY) -> str:
    """`body` unchanged when it fits; otherwise cut at a line break and end with `notice`."""
    if len(body) <= limit:
        return body
    room = limit - len(notice) - 2
    cut = body.rfind("\n", 0, room)
    return body[: cut if cut > 0 else room].rstrip() + "\n\n" + notice
