"""The bot-owned sections of the dashboard issue's body.

Bootstrap owns the block between `<!-- roadmap:begin -->` and `<!-- roadmap:end -->`;
the learner owns anything else they write. Each bot section sits after bootstrap's
block, between its own `<!-- roadmap:bot:NAME:begin -->` / `end` markers, and only that
text is ever rewritten.
"""

from __future__ import annotations

import re

from llm_roadmap.plan.markers import END


def section_markers(name: str) -> tuple[str, str]:
    return f"<!-- roadmap:bot:{name}:begin -->", f"<!-- roadmap:bot:{name}:end -->"


def _pattern(name: str) -> re.Pattern[str]:
    begin, end = section_markers(name)
    return re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)


def read_section(body: str, name: str) -> str | None:
    """The text of section `name`, or None when the body has none."""
    match = _pattern(name).search(body)
    if match is None:
        return None
    begin, end = section_markers(name)
    return match.group(0)[len(begin) : -len(end)].strip()


def replace_section(body: str, name: str, content: str) -> str:
    """`body` with section `name` set to `content`; a new section goes after bootstrap's block."""
    begin, end = section_markers(name)
    block = f"{begin}\n{content.strip()}\n{end}"
    pattern = _pattern(name)
    if pattern.search(body):
        return pattern.sub(lambda _: block, body, count=1)
    index = body.find(END)
    if index < 0:
        return f"{body.rstrip()}\n\n{block}\n"
    cut = index + len(END)
    rest = body[cut:].lstrip("\n")
    return f"{body[:cut]}\n\n{block}\n" + (f"\n{rest}" if rest else "")
