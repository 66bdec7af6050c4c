"""`ruff`: the deliverable passes `ruff check`, with the settings ruff finds for it.

Inside the template repository that is `projects/ruff.toml`, a rule set meant for
learners; a deliverable may carry its own ruff.toml or pyproject.toml to change it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from llm_roadmap.deliverables import sandbox
from llm_roadmap.deliverables.report import Outcome

if TYPE_CHECKING:
    from llm_roadmap.deliverables.checks.context import CheckContext
    from llm_roadmap.deliverables.contract import RuffCheck

_SHOWN = 20


def run(check: RuffCheck, ctx: CheckContext) -> Outcome:
    if ctx.ruff is None:
        return Outcome.failed("ruff.unavailable")
    command = [ctx.ruff, "check", "--no-cache", "--output-format", "json", *check.paths]
    done = sandbox.run(command, cwd=ctx.folder, env=ctx.env_with(), timeout=check.seconds)
    if done.timed_out:
        return Outcome.failed("process.timeout", seconds=check.seconds, command="ruff check")
    try:
        diagnostics: list[dict[str, Any]] = json.loads(done.stdout or "[]")
    except ValueError:
        return Outcome.failed("ruff.crashed", sandbox.tail(done.output))
    if done.returncode not in (0, 1):
        return Outcome.failed("ruff.crashed", sandbox.tail(done.output))
    if not diagnostics:
        return Outcome.passed()
    lines = [_line(d, ctx) for d in diagnostics[:_SHOWN]]
    if len(diagnostics) > _SHOWN:
        lines.append(f"… {len(diagnostics) - _SHOWN} more")
    fixable = sum(1 for d in diagnostics if d.get("fix"))
    return Outcome.failed("ruff.violations", lines, count=len(diagnostics), fixable=fixable)


def _line(diagnostic: dict[str, Any], ctx: CheckContext) -> str:
    path = str(diagnostic.get("filename", ""))
    try:
        from pathlib import Path

        path = str(Path(path).relative_to(ctx.folder.resolve()))
    except ValueError:
        pass
    location = diagnostic.get("location") or {}
    code = diagnostic.get("code") or "syntax"
    return (
        f"{path}:{location.get('row', 1)}:{location.get('column', 1)}: {code} {diagnostic.get('message', '')}"
    )
