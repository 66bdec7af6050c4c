"""`files`: the deliverable's files exist (glob patterns allowed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from pathlib import Path

    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import FilesCheck


def exists(folder: Path, pattern: str) -> bool:
    """A plain path exists, or a glob pattern matches at least one path."""
    if any(ch in pattern for ch in "*?["):
        return any(folder.glob(pattern))
    return (folder / pattern).exists()


def run(check: FilesCheck, ctx: CheckContext) -> Outcome:
    missing = [p for p in check.paths if not exists(ctx.folder, p)]
    if missing:
        return Outcome.failed("files.missing", paths=missing)
    return Outcome.passed()
