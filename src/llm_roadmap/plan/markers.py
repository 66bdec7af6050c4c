"""Hidden markers that say which GitHub objects the tool owns and which part it manages.

An issue created by the tool starts with `<!-- roadmap:KEY -->`; the text between
`<!-- roadmap:begin -->` and `<!-- roadmap:end -->` is the tool's to rewrite, and
everything outside it belongs to the learner. (octodns' ownership records, in Markdown.)
"""

from __future__ import annotations

import re

BEGIN = "<!-- roadmap:begin -->"
END = "<!-- roadmap:end -->"
_KEY = re.compile(r"<!-- roadmap:(?!begin -->|end -->)([a-z0-9.-]+) -->")
# A deliverable checklist line that `roadmap check --publish` ticks:
# `- [ ] title <!-- roadmap-check-item:ID -->`.
CHECK_ITEM_LINE = re.compile(
    r"^(?P<head>\s*[-*+]\s+\[)(?P<mark>[ xX])"
    r"(?P<tail>\].*?<!--\s*roadmap-check-item:(?P<id>[^\s>]+)\s*-->.*)$"
)
_MANAGED = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)


def check_item_id(deliverable: str, check: str) -> str:
    """The id in a deliverable checklist line's `<!-- roadmap-check-item:ID -->` marker."""
    return f"{deliverable}/{check}"


def check_items(body: str) -> dict[str, bool]:
    """The check items of a deliverable issue's body: id → ticked."""
    return {
        match["id"]: match["mark"] != " "
        for line in body.splitlines()
        if (match := CHECK_ITEM_LINE.match(line)) is not None
    }


def key_marker(key: str) -> str:
    return f"<!-- roadmap:{key} -->"


def find_key(body: str | None) -> str | None:
    """The stable key of an issue body the tool created, or None for anyone else's."""
    match = _KEY.search(body or "")
    return match.group(1) if match else None


def wrap(key: str, managed: str) -> str:
    """A new body: the key marker, then the managed block."""
    return f"{key_marker(key)}\n{BEGIN}\n{managed.strip()}\n{END}\n"


def managed_part(body: str) -> str | None:
    match = _MANAGED.search(body)
    if match is None:
        return None
    return match.group(0)[len(BEGIN) : -len(END)].strip()


def after_block(body: str, text: str) -> str:
    """`body` with `text` inserted right after the managed block (at the end if none)."""
    index = body.find(END)
    if index < 0:
        return f"{body.rstrip()}\n\n{text}\n"
    cut = index + len(END)
    rest = body[cut:].lstrip("\r\n")
    return f"{body[:cut]}\n\n{text}\n" + (f"\n{rest}" if rest else "")


def replace_managed(body: str, managed: str) -> str:
    """Swap the managed block for `managed`, keeping the learner's text around it."""
    block = f"{BEGIN}\n{managed.strip()}\n{END}"
    if _MANAGED.search(body) is None:
        return f"{body.rstrip()}\n\n{block}\n"
    return _MANAGED.sub(lambda _: block, body, count=1)
