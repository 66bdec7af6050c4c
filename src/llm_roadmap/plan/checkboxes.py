"""Keep the learner's ticks when the tool rewrites a checklist."""

from __future__ import annotations

import re

_BOX = re.compile(r"^(\s*[-*] )\[( |x|X)\] (.*)$")


def ticked(text: str) -> set[str]:
    """The texts of every ticked checkbox line in `text`."""
    return {m.group(3).strip() for line in text.splitlines() if (m := _BOX.match(line)) and m.group(2) != " "}


def carry_ticks(old: str, new: str) -> str:
    """`new`, with each checkbox ticked whose text was ticked in `old`."""
    done = ticked(old)
    if not done:
        return new
    lines = []
    for line in new.splitlines(keepends=True):
        match = _BOX.match(line.rstrip("\n"))
        if match and match.group(2) == " " and match.group(3).strip() in done:
            line = f"{match.group(1)}[x] {match.group(3)}" + ("\n" if line.endswith("\n") else "")
        lines.append(line)
    return "".join(lines)
