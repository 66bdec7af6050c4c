"""What GitHub refuses, checked before anything is sent (docs/bootstrap.md, GITHUB-QUIRKS).

A bootstrap that fails on the 40th issue leaves a half-built workspace; every limit the
REST and GraphQL APIs enforce on what we write is checked here first.
"""

from __future__ import annotations

import re

TITLE_MAX = 256  # issue title, in characters
BODY_MAX = 65_536  # issue and comment body, in characters
LABEL_NAME_MAX = 50

# An owner (user or organisation) is letters, digits and hyphens, not starting with a
# hyphen, at most 39 characters; a repository name at most 100 of letters, digits, '.',
# '_' and '-', and never '.' or '..'. `fullmatch`, not `$`: `$` also matches before a
# trailing newline.
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


def is_repo_name(value: str) -> bool:
    """Whether `value` is a possible GitHub `owner/name`."""
    owner, slash, name = value.partition("/")
    return (
        bool(slash)
        and _OWNER.fullmatch(owner) is not None
        and _NAME.fullmatch(name) is not None
        and name not in (".", "..")
    )
